"""Digest settings and preview (signed in), unsubscribe (signed link, no login)."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from app import authz
from app.errors import NotFound
from app.extensions import csrf, db
from app.i18n import gettext as _
from app.services import digest
from app.web.digest import bp
from app.web.digest.forms import DigestPreferencesForm
from app.web.forms import form_page, require_csrf

# the preview of the e-mail's HTML: its inline styles only, nothing it could load or run
_PREVIEW_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


def _attention() -> list:
    if not authz.can(current_user, "user.manage"):
        return []
    return digest.needs_attention(db.session, current_user, config=current_app.config)


@bp.route("/digest/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    pref = digest.preferences_of(db.session, current_user)
    form = DigestPreferencesForm(data={
        "enabled": pref.enabled, "weekday": pref.weekday, "hour": pref.hour,
        "language": pref.language or "", "min_score": round(pref.min_score),
        "scope": pref.scope.value, "send_empty": pref.send_empty,
    })
    coordinator = authz.is_coordinator(current_user)
    if not coordinator:
        del form.scope

    def save() -> object:
        return digest.set_preferences(db.session, current_user, digest.PreferenceInput(
            enabled=form.enabled.data, weekday=form.weekday.data, hour=form.hour.data,
            language=form.language.data or None, min_score=float(form.min_score.data),
            scope=form.scope.data if coordinator else "own", send_empty=form.send_empty.data,
        ), languages=tuple(current_app.config["LANGUAGES"]))

    return form_page(
        form, save, success=_("Your digest settings have been saved."),
        redirect_to=lambda _pref: url_for("digest.preferences"),
        template="digest/preferences.html", attention=_attention(),
    )


@bp.post("/digest/retry/<int:digest_id>")
@login_required
def retry(digest_id: int):
    require_csrf()
    digest.retry(db.session, current_user, digest_id, config=current_app.config)
    flash(_("The digest will be sent again on the next run."), "success")
    return redirect(url_for("digest.preferences"))


@bp.get("/digest/preview")
@login_required
def preview():
    result = digest.preview(db.session, current_user, config=current_app.config)
    return render_template("digest/preview.html", preview=result)


@bp.get("/digest/preview/message.html")
@login_required
def preview_html():
    """The HTML part alone, shown in the preview page's frame with the styles it carries."""
    result = digest.preview(db.session, current_user, config=current_app.config)
    response = make_response(result.rendered.html)
    response.headers["Content-Security-Policy"] = _PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/digest/unsubscribe/<token>")
def unsubscribe_confirm(token: str):
    """The link in the e-mail: a page with one button, so that a link scanner that follows
    every link in a message does not turn the digest off."""
    try:
        user = digest.user_of_token(db.session, token, current_app.config["SECRET_KEY"])
    except NotFound:
        abort(404)
    return render_template("digest/unsubscribe.html", token=token, email=user.email)


@bp.post("/digest/unsubscribe/<token>")
@csrf.exempt
def unsubscribe(token: str):
    """The button of the page above and the one-click POST of RFC 8058 (``List-Unsubscribe=
    One-Click`` from the mail client): no login and no CSRF token, the signed token is the proof."""
    try:
        digest.unsubscribe(db.session, token, current_app.config["SECRET_KEY"])
    except NotFound:
        abort(404)
    if request.form.get("List-Unsubscribe") == "One-Click":
        return "", 200
    return render_template("digest/unsubscribed.html")
