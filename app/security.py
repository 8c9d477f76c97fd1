"""Security wiring: login manager, session cookie flags, security headers and the CSP.

Login throttling lives in ``services.accounts`` (it needs the database); this module gives it the
client's address and the limits from the configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import Flask, Response, g, request
from sqlalchemy import select

from app.extensions import db, login_manager
from app.i18n import lazy_gettext as _l
from app.models import User

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


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.scalars(select(User).where(User.id == int(user_id))).one_or_none()


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
