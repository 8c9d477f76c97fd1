"""The town's listings, signed in: services and R&D&I people, kept by the town's admins."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from app import authz
from app.extensions import db
from app.i18n import gettext as _
from app.services import directory
from app.web.directory import bp
from app.web.directory.forms import PersonForm, ServiceForm
from app.web.directory.labels import category_label, language_name, role_label
from app.web.forms import form_page, require_csrf


def _labels() -> dict:
    lang = str(get_locale() or "fi")
    return {"category_label": category_label, "role_label": role_label,
            "language_name": lambda code: language_name(code, lang)}


@bp.get("/directory/services")
@login_required
def services():
    rows = directory.list_services(db.session, current_user)
    towns = directory.towns_for(db.session, current_user)  # the coordinator: one as an example
    return render_template("directory/services.html", services=rows, embed_towns=towns[:1],
                           **_labels())


def _service_form(service=None) -> ServiceForm:
    towns = directory.towns_for(db.session, current_user)
    data = None if service is not None else {"languages": ["fi"], "is_published": True}
    form = ServiceForm(obj=service, data=data)
    if service is not None and not form.is_submitted():
        form.category.data = service.category.value
    form.setup(towns, authz.is_coordinator(current_user) and service is None,
               str(get_locale() or "fi"))
    return form


@bp.route("/directory/services/new", methods=["GET", "POST"])
@login_required
def new_service():
    authz.require(current_user, "directory.edit")
    form = _service_form()
    return form_page(
        form, lambda: directory.create_service(db.session, current_user, form.to_input()),
        success=_("The service has been added."),
        redirect_to=lambda _s: url_for("directory.services"),
        template="directory/service_form.html", service=None)


@bp.route("/directory/services/<int:service_id>/edit", methods=["GET", "POST"])
@login_required
def edit_service(service_id: int):
    service = directory.get_service(db.session, current_user, service_id)
    form = _service_form(service)
    return form_page(
        form, lambda: directory.update_service(db.session, current_user, service_id,
                                               form.to_input()),
        success=_("The service has been saved."),
        redirect_to=lambda _s: url_for("directory.services"),
        template="directory/service_form.html", service=service)


@bp.post("/directory/services/<int:service_id>/delete")
@login_required
def delete_service(service_id: int):
    require_csrf()
    directory.delete_service(db.session, current_user, service_id)
    flash(_("The service has been removed from the directory."), "success")
    return redirect(url_for("directory.services"))


@bp.get("/directory/people")
@login_required
def people():
    rows = directory.list_people(db.session, current_user)
    return render_template("directory/people.html", people=rows, **_labels())


def _person_form(person=None) -> PersonForm:
    towns = directory.towns_for(db.session, current_user)
    form = PersonForm(obj=person)
    if person is not None and not form.is_submitted():
        form.role.data, form.topics.data = person.role.value, ", ".join(person.topics)
    form.setup(towns, authz.is_coordinator(current_user) and person is None,
               str(get_locale() or "fi"))
    return form


@bp.route("/directory/people/new", methods=["GET", "POST"])
@login_required
def new_person():
    authz.require(current_user, "directory.edit")
    form = _person_form()
    return form_page(
        form, lambda: directory.create_person(db.session, current_user, form.to_input()),
        success=_("The person has been added."),
        redirect_to=lambda _p: url_for("directory.people"),
        template="directory/person_form.html", person=None)


@bp.route("/directory/people/<int:person_id>/edit", methods=["GET", "POST"])
@login_required
def edit_person(person_id: int):
    person = directory.get_person(db.session, current_user, person_id)
    form = _person_form(person)
    return form_page(
        form, lambda: directory.update_person(db.session, current_user, person_id,
                                              form.to_input()),
        success=_("The person's details have been saved."),
        redirect_to=lambda _p: url_for("directory.people"),
        template="directory/person_form.html", person=person)


@bp.post("/directory/people/<int:person_id>/delete")
@login_required
def delete_person(person_id: int):
    require_csrf()
    directory.delete_person(db.session, current_user, person_id)
    flash(_("The person has been removed from the directory."), "success")
    return redirect(url_for("directory.people"))
