"""The signed-in user's own account: active sessions (see and end them) and the password."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.i18n import gettext as _
from app.security import current_session_id
from app.services.accounts import changes as account_changes
from app.services.accounts import sessions
from app.web.accounts import bp
from app.web.accounts.forms import PasswordChangeForm
from app.web.forms import form_page, require_csrf


def _describe_agent(agent: str) -> str:
    """A short readable name for a browser's user-agent text ("Firefox on Windows")."""
    text = agent or ""
    browsers = ("Edg", "Firefox", "Chrome", "Safari")
    systems = (("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"),
               ("iPad", "iOS"), ("Mac OS", "macOS"), ("Linux", "Linux"))
    browser = next((("Edge" if b == "Edg" else b) for b in browsers if b in text), None)
    system = next((name for key, name in systems if key in text), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or text[:60] or _("Unknown browser")


@bp.get("/account/sessions")
@login_required
def account_sessions():
    rows = sessions.list_sessions(db.session, current_user)
    return render_template(
        "accounts/sessions.html", rows=rows, current_id=current_session_id(),
        describe=_describe_agent,
    )


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    require_csrf()
    sessions.end_session(db.session, current_user, session_id)
    if session_id == current_session_id():
        flash(_("You have signed out."), "info")
        return redirect(url_for("auth.login"))
    flash(_("The session has ended."), "success")
    return redirect(url_for("auth.account_sessions"))


@bp.post("/account/sessions/end-others")
@login_required
def end_other_sessions():
    require_csrf()
    count = sessions.end_other_sessions(db.session, current_user, current_session_id())
    flash(_("Other sessions ended: %(n)d.", n=count), "success")
    return redirect(url_for("auth.account_sessions"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    return form_page(
        form,
        lambda: account_changes.change_password(
            db.session, current_user, form.current_password.data, form.new_password.data,
            current_session_id=current_session_id(),
        ),
        success=_("Your password has been changed and your other sessions have ended."),
        redirect_to=lambda _ended: url_for("auth.account_sessions"),
        template="accounts/password.html",
    )
