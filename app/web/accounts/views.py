from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.errors import Throttled
from app.extensions import db
from app.i18n import gettext as _
from app.security import SESSION_KEY, request_address
from app.services import accounts
from app.services.accounts import sessions as sessions
from app.web.accounts import bp
from app.web.accounts.forms import LanguageForm, LoginForm
from app.web.redirects import safe_next


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect would let a phishing link borrow our login page."""
    return safe_next(target, url_for("companies.home"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("benefits.start"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        cfg = current_app.config
        try:
            user = accounts.authenticate(
                db.session, form.email.data, form.password.data,
                address=request_address(),
                max_per_account=cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
                max_per_address=cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"],
                window=timedelta(seconds=cfg["LOGIN_THROTTLE_WINDOW_SECONDS"]),
            )
        except Throttled as exc:
            form.form_errors.append(str(exc.message))
            status = 429
        except accounts.InvalidCredentials:
            form.form_errors.append(_("Wrong e-mail or password."))
            status = 401
        else:
            session.clear()
            key = sessions.start(
                db.session, user, user_agent=request.user_agent.string,
                address=request_address(), lifetime=current_app.permanent_session_lifetime,
            )
            login_user(user)
            session[SESSION_KEY] = key
            session.permanent = True
            return redirect(safe_next(form.next.data, url_for("benefits.start")))
    elif request.method == "POST":
        status = 422
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    sessions.sign_out(db.session, session.get(SESSION_KEY))
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


def _language_form() -> LanguageForm:
    from app.i18n import select_locale

    return LanguageForm(language=select_locale(), next=request.full_path.rstrip("?"))


@bp.post("/language")
def language():
    form = LanguageForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            accounts.set_language(db.session, current_user, form.language.data)
        else:
            session["lang"] = form.language.data
    return redirect(_safe_next(form.next.data))


@bp.app_context_processor
def _inject_language_form() -> dict:
    return {"language_form": _language_form}
