"""People in the app and member towns: a coordinator manages every user and the network's towns,
a town admin their town's users (invite, role, deactivate, password reset); everyone their own
API tokens; the invitation link's page where a new user sets their password (no sign-in)."""

from __future__ import annotations

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("people", __name__)
NAV = [(80, "people.index", _l("People"), "user.manage"),
       (81, "people.towns", _l("Member towns"), "network.settings")]


from app.web.people import tokens, towns, views  # noqa: E402,F401  (routes register on import)
