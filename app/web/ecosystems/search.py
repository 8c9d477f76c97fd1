"""The network search: one box, results grouped by kind."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.services.ecosystems import search as service
from app.services.ecosystems.search import Hit
from app.web.ecosystems import bp
from app.web.ecosystems.labels import LESSON_KINDS, label_of

TITLES = (("companies", _l("Companies")), ("ecosystems", _l("Ecosystems")),
          ("projects", _l("Projects")), ("lessons", _l("Lessons learned")),
          ("services", _l("R&D&I services")), ("courses", _l("Courses")))


def _link(hit: Hit) -> str:
    if hit.kind == "companies":
        return url_for("companies.detail", company_id=hit.id)
    if hit.kind == "ecosystems":
        return url_for("ecosystems.ecosystem", ecosystem_id=hit.id)
    if hit.kind == "projects":
        return url_for("ecosystems.project", project_id=hit.id)
    if hit.kind == "lessons":
        return url_for("ecosystems.lesson", lesson_id=hit.id)
    if hit.kind == "services":
        return url_for("directory.public_services", q=hit.title)
    return url_for("ecosystems.courses", q=hit.title)


def _detail(hit: Hit) -> str:
    return label_of(LESSON_KINDS, hit.detail) if hit.kind == "lessons" else hit.detail


@bp.get("/search")
@login_required
def search():
    query = request.args.get("q", "")[: service.MAX_QUERY]
    found = service.network_search(db.session, current_user, query)
    return render_template("ecosystems/search.html", query=query, found=found, kinds=TITLES,
                           link=_link, detail=_detail)
