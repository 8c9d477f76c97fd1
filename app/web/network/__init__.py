"""The network page: chair and rotation, roles, meeting cycle, goals, meetings and decisions."""

from __future__ import annotations

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("network", __name__)
NAV = (5, "network.index", _l("Network"), "network.view")


from app.web.network import views  # noqa: E402,F401  (routes register on import)
