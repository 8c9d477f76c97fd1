"""One digest's message: its language, its links, the unsubscribe token and the rendering
(through ``app.mail.render``). The same function serves the outbox and the preview, so the
preview shows exactly what would be sent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from itsdangerous import BadSignature, URLSafeSerializer

from app.mail.render import Rendered, date_text, render
from app.models import User
from app.models.digest import DigestPreference, DigestScope
from app.presentation.reasons import short_line
from app.services.digest._content import DigestContent

UNSUBSCRIBE_SALT = "veturi.digest.unsubscribe"


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, secret: str) -> str:
    """A signed token naming the user; it does not expire, as old messages keep their link."""
    return _serializer(secret).dumps({"u": user_id})


def user_id_of_token(token: str, secret: str) -> int | None:
    """The user a token was made for, or None for a token that was not signed by us."""
    try:
        data = _serializer(secret).loads(token)
    except BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def default_preference(user: User) -> DigestPreference:
    """The settings of a user who never changed them (not added to the session)."""
    return DigestPreference(user_id=user.id, enabled=True, weekday=0, hour=7, language=None,
                            min_score=0.0, scope=DigestScope.OWN, send_empty=False)


def language_of(user: User, pref: DigestPreference, config: Mapping[str, Any]) -> str:
    lang = pref.language or user.language
    return lang if lang in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def unsubscribe_url(user_id: int, config: Mapping[str, Any]) -> str:
    token = unsubscribe_token(user_id, config["SECRET_KEY"])
    return f"{config['BASE_URL']}/digest/unsubscribe/{token}"


def compose(content: DigestContent, language: str, config: Mapping[str, Any]) -> Rendered:
    """Render a digest's subject, text and HTML in ``language`` (needs an app context)."""
    base = config["BASE_URL"]
    tz = ZoneInfo(config["TIMEZONE"])

    def when(value: Any) -> str:
        return date_text(value, language, tz)

    return render(
        "digest", language, c=content, lang=language, when=when, reason_line=short_line,
        base_url=base,
        match_url=lambda match_id: f"{base}/matches/{match_id}",
        call_url=lambda call_id: f"{base}/calls/{call_id}",
        company_url=lambda company_id: f"{base}/companies/{company_id}",
        company_matches_url=lambda company_id: f"{base}/companies/{company_id}/matches",
        tasks_url=f"{base}/tasks",
        preferences_url=f"{base}/digest/preferences",
        unsubscribe_url=unsubscribe_url(content.user_id, config),
    )
