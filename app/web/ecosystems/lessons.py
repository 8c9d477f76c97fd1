"""Lessons learned, signed in: the whole network reads them; the author's town keeps them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import authz
from app.extensions import db
from app.i18n import gettext as _
from app.services import ecosystems as service
from app.services.ecosystems import lessons as lesson_service
from app.web.ecosystems import bp
from app.web.ecosystems.forms import LessonForm
from app.web.ecosystems.labels import LESSON_KINDS, helpers
from app.web.forms import form_page, require_csrf


@bp.get("/lessons")
@login_required
def lessons():
    """The newest lessons, or the most useful (``order=useful``); ``q`` and ``kind`` narrow."""
    query = request.args.get("q", "")[: lesson_service.MAX_QUERY]
    kind = request.args.get("kind", "")
    kind = kind if kind in LESSON_KINDS else ""
    order = "useful" if request.args.get("order") == "useful" else "newest"
    rows = lesson_service.list_lessons(db.session, current_user, query=query, kind=kind,
                                       order=order)
    useful = [] if query or kind or order == "useful" else [
        lesson for lesson in lesson_service.list_lessons(db.session, current_user,
                                                         order="useful", limit=5)
        if lesson.helped_count]
    return render_template("ecosystems/lessons.html", lessons=rows, useful=useful, query=query,
                           kind=kind, order=order, kinds=LESSON_KINDS, **helpers())


@bp.get("/lessons/<int:lesson_id>")
@login_required
def lesson(lesson_id: int):
    row = lesson_service.get_lesson(db.session, current_user, lesson_id)
    return render_template(
        "ecosystems/lesson.html", lesson=row,
        context=lesson_service.context_of(current_user, row),
        helped=lesson_service.has_helped(db.session, current_user, row), **helpers())


def _id_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _lesson_form(row=None) -> LessonForm:
    form = LessonForm(obj=row)
    if row is not None and not form.is_submitted():
        form.kind.data = row.kind.value
        form.tags.data = ", ".join(row.tags)
        form.project_id.data = str(row.project_id or "")
        form.ecosystem_id.data = str(row.ecosystem_id or "")
    elif row is None and not form.is_submitted():
        form.project_id.data = str(_id_arg("project_id") or "")
        form.ecosystem_id.data = str(_id_arg("ecosystem_id") or "")
    return form.setup(service.list_projects(db.session, current_user),
                      service.ecosystem_choices(db.session, current_user))


@bp.route("/lessons/new", methods=["GET", "POST"])
@login_required
def new_lesson():
    authz.require(current_user, "lesson.edit")
    form = _lesson_form()
    return form_page(
        form, lambda: lesson_service.create_lesson(db.session, current_user, form.to_input()),
        success=_("Thank you: the lesson has been saved."),
        redirect_to=lambda row: url_for("ecosystems.lesson", lesson_id=row.id),
        template="ecosystems/lesson_form.html", lesson=None)


@bp.route("/lessons/<int:lesson_id>/edit", methods=["GET", "POST"])
@login_required
def edit_lesson(lesson_id: int):
    row = lesson_service.get_lesson(db.session, current_user, lesson_id, for_write=True)
    form = _lesson_form(row)
    return form_page(
        form, lambda: lesson_service.update_lesson(db.session, current_user, lesson_id,
                                                   form.to_input()),
        success=_("The lesson has been saved."),
        redirect_to=lambda r: url_for("ecosystems.lesson", lesson_id=r.id),
        template="ecosystems/lesson_form.html", lesson=row)


@bp.post("/lessons/<int:lesson_id>/delete")
@login_required
def delete_lesson(lesson_id: int):
    require_csrf()
    lesson_service.delete_lesson(db.session, current_user, lesson_id)
    flash(_("The lesson has been removed."), "success")
    return redirect(url_for("ecosystems.lessons"))


@bp.post("/lessons/<int:lesson_id>/helped")
@login_required
def helped(lesson_id: int):
    """"This helped me": counted once per user."""
    require_csrf()
    lesson_service.mark_helped(db.session, current_user, lesson_id)
    flash(_("Thank you: your note that this helped has been counted."), "success")
    return redirect(url_for("ecosystems.lesson", lesson_id=lesson_id))
