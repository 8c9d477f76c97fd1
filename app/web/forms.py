"""Base form and shared field helpers: FieldErrors from services land on the right field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import DateField, DecimalField, Field, IntegerField
from wtforms.fields.choices import SelectChoice

from app.errors import FieldError
from app.i18n import lazy_gettext as _l
from app.limits import MAX_AMOUNT, MAX_DATE, MAX_INT, MIN_DATE, date_in_range


def out_of_bounds(field: Field) -> str | None:
    """Why a date or number field's value cannot be used anywhere (None when it can): every form
    checks this before its own validators, so an absurd value never reaches a query."""
    data = field.data
    if isinstance(field, DateField) and isinstance(data, date) and not date_in_range(data):
        return str(_l("Give a date between %(first)s and %(last)s.",
                      first=MIN_DATE.isoformat(), last=MAX_DATE.isoformat()))
    if isinstance(field, IntegerField) and isinstance(data, int) and abs(data) > MAX_INT:
        return str(_l("The number is too large."))
    if isinstance(field, DecimalField) and isinstance(data, Decimal) and (
        not data.is_finite() or abs(data) > MAX_AMOUNT
    ):
        return str(_l("The number is too large."))
    return None


class VeturiForm(FlaskForm):
    def validate(self, extra_validators: Any = None) -> bool:
        """The field validators, after the bounds every date and number must respect."""
        bad = {}
        for field in self:
            message = out_of_bounds(field)
            if message:
                bad[field.name] = message
                field.data = None
        ok = super().validate(extra_validators)
        for name, message in bad.items():
            field = self[name]
            field.errors = [*field.errors, message] if message not in field.errors else field.errors
        return ok and not bad

    def add_errors(
        self,
        exc: FieldError,
        link: Callable[[FieldError], Markup | None] | None = None,
        *,
        keep_own: bool = False,
    ) -> None:
        """Put every error a service raised on its field (on the form when no field matches).

        ``link`` may add a link to a message (the existing company of a taken business ID).
        With ``keep_own`` a field that already failed its own validators keeps only those
        messages, so "required" is not said twice in two wordings.
        """
        for error in exc.errors:
            field = getattr(self, error.field, None)
            message: Any = str(error.message)
            extra = link(error) if link is not None else None
            if extra is not None:
                message = Markup("{} {}").format(escape(message), extra)
            if field is None or not hasattr(field, "errors"):
                self.form_errors.append(message)
            elif not (keep_own and field.errors):
                field.errors = [*field.errors, message]

    def check_with(
        self,
        check: Callable[[], Any],
        link: Callable[[FieldError], Markup | None] | None = None,
    ) -> None:
        """After the form's own validators failed, run the service's validation too (it writes
        nothing), so the user sees its errors (a future date) in the same round as the form's
        (a missing summary). Nothing runs for a form not submitted or with a bad CSRF token."""
        token = getattr(self, "csrf_token", None)
        if not self.is_submitted() or (token is not None and token.errors):
            return
        try:
            check()
        except FieldError as exc:
            self.add_errors(exc, link, keep_own=True)

    def add_error(self, exc: FieldError, link: Markup | None = None) -> None:
        """One error with an optional ready link (older call sites); see ``add_errors``."""
        self.add_errors(exc, (lambda _e: link) if link is not None else None)


def page_arg(value: str | None = None) -> int:
    """The ``?page=`` of a list (or ``value``): a whole number from 1 to 100,000, anything else
    is page 1."""
    from flask import request

    page = request.args.get("page", "1") if value is None else value
    ok = page.isascii() and page.isdigit() and len(page) <= 6
    return int(page) if ok and 0 < int(page) <= 100_000 else 1


def apply_filters(form: VeturiForm, *, announce: bool = True) -> None:
    """A GET filter form obeys its validation: a filter that does not validate is ignored (its
    value dropped, so it cannot reach a query) and, when ``announce``, the page says so."""
    from flask import flash

    if form.validate():
        return
    names = []
    for name in form.errors:
        field = form[name]
        field.data = None
        names.append(str(field.label.text))
    if announce and names:
        flash(_l("These filters were not valid and were ignored: %(names)s.",
                 names=", ".join(names)), "error")


def split_list(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Comma- or newline-separated text into a clean tuple (keywords, auxiliary names). A form
    posted without the field keeps the row's own list, which arrives here as a list."""
    if not text:
        return ()
    chunks = text.splitlines() if isinstance(text, str) else [str(t) for t in text]
    parts = [p.strip() for chunk in chunks for p in chunk.split(",")]
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
    check: Callable[[], Any] | None = None,
    **context: Any,
) -> Any:
    """The life of a form page: on a valid submit run the service call; every FieldError it
    raises lands on its field (422), success flashes and redirects; otherwise the page renders
    (422 if invalid).

    ``check`` runs the service's validation without writing (``services.x.check_y``) when the
    form's own validators fail: see ``VeturiForm.check_with``.
    """
    from flask import flash, redirect, render_template

    if form.validate_on_submit():
        try:
            result = action()
        except FieldError as exc:
            form.add_errors(exc, link)
        else:
            flash(success, "success")
            return redirect(redirect_to(result))
    elif check is not None:
        form.check_with(check, link)
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status

