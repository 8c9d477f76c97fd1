"""Bearer-token authentication for the JSON API (``Authorization: Bearer vt_...``).

Tokens are per user (``flask --app app create-token --email E``) and revocable; the API acts with
exactly the user's rights, so town scoping is the same as in the UI.
"""

from __future__ import annotations

from typing import Any

from flask import g, request
from flask_babel import refresh

from app.extensions import db
from app.i18n import gettext as _
from app.models import User
from app.presentation.errors import json_error
from app.services import accounts


def _authenticate() -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _sep, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return json_error(401, _("A bearer token is required (Authorization: Bearer <token>)."))
    user = accounts.user_for_token(db.session, raw.strip())
    if user is None:
        return json_error(401, _("The token is not valid or has been revoked."))
    g.api_user = user
    refresh()  # the answer's language may now be the token user's choice
    return None


def protect(blueprint: Any) -> None:
    """Require a valid bearer token for every route of the blueprint."""
    blueprint.before_request(_authenticate)


def api_user() -> User:
    return g.api_user
