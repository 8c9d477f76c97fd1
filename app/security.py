"""Security wiring: login manager, server-checked sessions, cookie flags, security headers, CSP.

Login throttling lives in ``services.accounts`` (it needs the database); this module gives it the
client's address and the limits from the configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, g, request, session

from app.extensions import db, login_manager
from app.i18n import lazy_gettext as _l
from app.models import User
from app.services.accounts import sessions

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors {ancestors}"
)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    app.permanent_session_lifetime = timedelta(seconds=app.config["PERMANENT_SESSION_LIFETIME"])
    app.after_request(_security_headers)


SESSION_KEY = "sid"  # the random key of the server-side session record, in the signed cookie


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    """The user of a live server-side session: a cookie whose session has ended (sign-out,
    password or role change, deactivation, "end session") signs nobody in, wherever it is sent
    from and however long the cookie itself would still be valid."""
    record = sessions.resolve(
        db.session, user_id, session.get(SESSION_KEY),
        lifetime=current_app.permanent_session_lifetime,
    )
    if record is None:
        return None
    g.user_session_id = record.id
    return record.user


def current_session_id() -> int | None:
    """The id of the signed-in request's session record (for "this session" on the page)."""
    return g.get("user_session_id")


def allow_framing(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let other sites embed this view in an iframe (the public widget); all else is denied."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        g.allow_framing = True
        return view(*args, **kwargs)

    return wrapper


def _security_headers(response: Response) -> Response:
    framing = bool(g.get("allow_framing"))
    response.headers.setdefault(
        "Content-Security-Policy", CSP.format(ancestors="*" if framing else "'none'")
    )
    if not framing:
        response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.path.startswith(("/static/",)):
        return response
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def request_address() -> str:
    """The client's address as the web server saw it (behind a proxy, configure ProxyFix)."""
    return (request.remote_addr or "unknown")[:64]
