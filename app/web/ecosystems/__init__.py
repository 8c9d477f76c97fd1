"""Ecosystems, projects and lessons learned (signed in: /ecosystems, /projects, /lessons), the
public course portal (/courses) and the network search (/search). Views are thin: everything is
in ``app.services.ecosystems``."""

from __future__ import annotations

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("ecosystems", __name__)
NAV = [(70, "ecosystems.ecosystems", _l("Ecosystems"), "ecosystem.view"),
       (71, "ecosystems.projects", _l("Projects"), "ecosystem.view"),
       (72, "ecosystems.lessons", _l("Lessons learned"), "lesson.view"),
       (73, "ecosystems.courses", _l("Courses"), None),
       (74, "ecosystems.search", _l("Search the network"), "ecosystem.view")]

from app.web.ecosystems import courses, lessons, search, views  # noqa: E402,F401
from app.web.ecosystems.views import project_section  # noqa: E402

COMPANY_SECTIONS = [(18, project_section)]
