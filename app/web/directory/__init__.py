"""The R&D&I directory: the signed-in pages where a town's admins keep their town's R&D&I
services and responsible people (and everyone signed in reads the network's people), and the
public pages at /services (no sign-in). The embeddable widget and the public JSON are in
``app.web.embed``."""

from __future__ import annotations

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("directory", __name__)
NAV = [(60, "directory.services", _l("R&D&I services"), "directory.view"),
       (61, "directory.people", _l("R&D&I people"), "directory.view")]


from app.web.directory import public, views  # noqa: E402,F401  (routes register on import)
