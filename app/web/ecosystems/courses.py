"""The course portal: public search at /courses (no sign-in, no CRM data: everything shown is a
``PublicCourse``), and the coordinator's pages that keep partners and courses."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_login import current_user, login_required

from app import authz
from app.errors import FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.services.directory.public import public_lang
from app.services.ecosystems import course_imports
from app.services.ecosystems import courses as service
from app.web.directory.public import LANGUAGE_LINKS
from app.web.ecosystems import bp
from app.web.ecosystems.forms import CourseForm, CourseUploadForm, PartnerForm
from app.web.ecosystems.labels import COURSE_LANGUAGES, FORMATS, helpers, themes
from app.web.forms import form_page, require_csrf


def _filters() -> service.CourseFilters:
    args = request.args
    partner = args.get("provider", "")
    theme = args.get("theme", "")
    return service.CourseFilters(
        q=args.get("q", "")[: service.MAX_QUERY], theme=theme[:60],
        language=args.get("language", "") if args.get("language") in COURSE_LANGUAGES else "",
        partner_id=int(partner) if partner.isdigit() and len(partner) < 10 else None,
        format=args.get("format", "") if args.get("format") in FORMATS else "",
        month=args.get("month", "")[:7])


@bp.get("/courses")
def courses():
    """Public: search and filter by theme, language, provider, format and starting month;
    ``town`` (a municipality code) shows that town's highlighted courses first; ``lang`` (fi,
    sv, en) the page's language, as on the directory's public pages, so a town can link or
    embed the portal in the language of its own page."""
    filters = _filters()
    town = service.town_by_code(db.session, request.args.get("town", ""))
    lang = public_lang(request.args.get("lang"), default=str(get_locale() or "fi"))
    with force_locale(lang):
        return render_template(
            "ecosystems/courses.html", courses=service.search_courses(db.session, filters),
            filters=filters, partners=service.list_partners(db.session), themes=themes(),
            languages=COURSE_LANGUAGES, formats=FORMATS, town=town, lang=lang,
            town_name=town.name(lang) if town else "", language_links=LANGUAGE_LINKS,
            highlights=service.highlighted(db.session, town) if town else [], **helpers())


@bp.get("/courses/manage")
@login_required
def manage_courses():
    authz.require(current_user, "course.highlight")
    return render_template(
        "ecosystems/courses_manage.html", courses=service.list_courses(db.session),
        partners=service.list_partners(db.session),
        highlighted=service.highlighted_ids(db.session, current_user), **helpers())


def _course_form(course=None) -> CourseForm:
    form = CourseForm(obj=course)
    if course is not None and not form.is_submitted():
        form.format.data = course.format.value
        form.partner_id.data = str(course.partner_id or "")
    return form.setup(service.list_partners(db.session))


@bp.route("/courses/new", methods=["GET", "POST"])
@login_required
def new_course():
    authz.require(current_user, "course.edit")
    form = _course_form()
    return form_page(
        form, lambda: service.save_course(db.session, current_user, form.to_input()),
        success=_("The course has been added."),
        redirect_to=lambda _c: url_for("ecosystems.manage_courses"),
        template="ecosystems/course_form.html", course=None)


@bp.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
@login_required
def edit_course(course_id: int):
    course = service.get_course(db.session, current_user, course_id)
    form = _course_form(course)
    return form_page(
        form, lambda: service.save_course(db.session, current_user, form.to_input(), course_id),
        success=_("The course has been saved."),
        redirect_to=lambda _c: url_for("ecosystems.manage_courses"),
        template="ecosystems/course_form.html", course=course)


@bp.post("/courses/<int:course_id>/delete")
@login_required
def delete_course(course_id: int):
    require_csrf()
    service.delete_course(db.session, current_user, course_id)
    flash(_("The course has been removed."), "success")
    return redirect(url_for("ecosystems.manage_courses"))


@bp.post("/courses/<int:course_id>/highlight")
@login_required
def highlight_course(course_id: int):
    """Highlight a course on the town's page, or stop (``on=0``)."""
    require_csrf()
    on = request.form.get("on", "1") != "0"
    town = request.form.get("city_id", "")
    try:
        service.set_highlight(db.session, current_user, course_id, on=on,
                              city_id=int(town) if town.isdigit() and len(town) < 10 else None)
    except FieldError as exc:
        flash(str(exc), "error")
    else:
        flash(_("The town's highlighted courses have been saved."), "success")
    return redirect(url_for("ecosystems.manage_courses"))


def _partner_form(partner=None) -> PartnerForm:
    form = PartnerForm(obj=partner)
    if partner is not None and not form.is_submitted():
        form.kind.data = partner.kind.value
    return form.setup()


@bp.route("/courses/partners/new", methods=["GET", "POST"])
@login_required
def new_partner():
    authz.require(current_user, "course.edit")
    form = _partner_form()
    return form_page(
        form, lambda: service.save_partner(db.session, current_user, form.to_input()),
        success=_("The education partner has been added."),
        redirect_to=lambda _p: url_for("ecosystems.manage_courses"),
        template="ecosystems/partner_form.html", partner=None)


@bp.route("/courses/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@login_required
def edit_partner(partner_id: int):
    partner = service.get_partner(db.session, current_user, partner_id)
    form = _partner_form(partner)
    return form_page(
        form, lambda: service.save_partner(db.session, current_user, form.to_input(),
                                           partner_id),
        success=_("The education partner has been saved."),
        redirect_to=lambda _p: url_for("ecosystems.manage_courses"),
        template="ecosystems/partner_form.html", partner=partner)


@bp.post("/courses/partners/<int:partner_id>/import")
@login_required
def import_partner_feed(partner_id: int):
    """Read the partner's course feed now."""
    require_csrf()
    try:  # tests put a session that serves saved payloads in the app's extensions
        result = course_imports.import_feed(db.session, current_user, partner_id,
                                     current_app.extensions.get("veturi.course_http"))
    except FieldError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Courses read: %(added)d new, %(updated)d changed.", added=result.added,
                updated=result.updated), "success")
    return redirect(url_for("ecosystems.manage_courses"))


@bp.route("/courses/upload", methods=["GET", "POST"])
@login_required
def upload_courses():
    authz.require(current_user, "course.edit")
    form = CourseUploadForm()

    def run():
        upload = form.file.data
        return course_imports.upload_courses(db.session, current_user, upload.read(),
                                      upload.filename or "courses.csv",
                                      skip_broken=bool(form.skip_broken.data))
    return form_page(form, run, success=_("The courses have been imported."),
                     redirect_to=lambda _r: url_for("ecosystems.manage_courses"),
                     template="ecosystems/course_upload.html")
