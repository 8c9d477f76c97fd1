"""Base form and shared field helpers: FieldErrors from services land on the right field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice

from app.services.errors import FieldError


class VeturiForm(FlaskForm):
    def add_error(self, exc: FieldError, link: Markup | None = None) -> None:
        field = getattr(self, exc.field, None)
        message = str(exc.message)
        if link is not None:
            message = Markup("{} {}").format(escape(message), link)
        if field is None:
            self.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def split_list(text: str | None) -> tuple[str, ...]:
    """Comma- or newline-separated text into a clean tuple (keywords, auxiliary names)."""
    if not text:
        return ()
    parts = [p.strip() for chunk in text.splitlines() for p in chunk.split(",")]
    return tuple(p for p in parts if p)


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def require_csrf() -> None:
    """A plain button form carries only its CSRF token: check it like any form (400 if wrong)."""
    from flask import abort, current_app, request
    from flask_wtf.csrf import validate_csrf
    from wtforms import ValidationError

    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        abort(400)


def form_page(
    form: VeturiForm,
    action: Callable[[], Any],
    *,
    success: str,
    redirect_to: Callable[[Any], str],
    template: str,
    link: Callable[[FieldError], Markup | None] | None = None,
    **context: Any,
) -> Any:
    """The life of a form page: on a valid submit run the service call; a FieldError lands on its
    field (422), success flashes and redirects; otherwise the page renders (422 if invalid)."""
    from flask import flash, redirect, render_template

    if form.validate_on_submit():
        try:
            result = action()
        except FieldError as exc:
            form.add_error(exc, link(exc) if link else None)
        else:
            flash(success, "success")
            return redirect(redirect_to(result))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status
