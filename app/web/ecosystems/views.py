"""Ecosystems and projects, signed in: their towns see and keep them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app import authz
from app.extensions import db
from app.i18n import gettext as _
from app.services import ecosystems as service
from app.services.ecosystems import calls as theme_calls
from app.services.ecosystems import lessons as lesson_service
from app.web.ecosystems import bp
from app.web.ecosystems.forms import EcosystemForm, ProjectForm
from app.web.ecosystems.labels import helpers
from app.web.forms import form_page, require_csrf


def _lines(values: list[str]) -> str:
    return "\n".join(values)


@bp.get("/ecosystems")
@login_required
def ecosystems():
    rows = service.list_ecosystems(db.session, current_user)
    return render_template("ecosystems/ecosystems.html", ecosystems=rows, **helpers())


@bp.get("/ecosystems/<int:ecosystem_id>")
@login_required
def ecosystem(ecosystem_id: int):
    eco = service.get_ecosystem(db.session, current_user, ecosystem_id)
    return render_template(
        "ecosystems/ecosystem.html", eco=eco,
        members=service.visible_members(db.session, current_user, eco),
        projects=service.list_projects(db.session, current_user, ecosystem_id=eco.id),
        lessons=lesson_service.lessons_on(db.session, current_user, ecosystem_id=eco.id),
        calls=theme_calls.calls_on_themes(db.session, current_user, eco), **helpers())


def _ecosystem_form(eco=None) -> EcosystemForm:
    form = EcosystemForm(obj=eco)
    if eco is not None and not form.is_submitted():
        members = service.visible_members(db.session, current_user, eco)
        form.anchor_business_ids.data = ", ".join(c.business_id or "" for c, a in members if a)
        form.member_business_ids.data = ", ".join(c.business_id or "" for c, a in members
                                                  if not a)
        form.partners.data = _lines(eco.partners)
        form.town_ids.data = [str(t.city_id) for t in eco.towns]
        form.contact_id.data = str(eco.contact_id or "")
    city_id = eco.city_id if eco is not None else current_user.city_id
    users = authz.assignable_users(db.session, current_user, city_id=city_id)
    return form.setup(service.towns_for(db.session, current_user), users,
                      authz.is_coordinator(current_user), eco is None)


@bp.route("/ecosystems/new", methods=["GET", "POST"])
@login_required
def new_ecosystem():
    authz.require(current_user, "ecosystem.edit")
    form = _ecosystem_form()
    return form_page(
        form, lambda: service.create_ecosystem(db.session, current_user, form.to_input()),
        success=_("The ecosystem has been added."),
        redirect_to=lambda e: url_for("ecosystems.ecosystem", ecosystem_id=e.id),
        template="ecosystems/ecosystem_form.html", eco=None)


@bp.route("/ecosystems/<int:ecosystem_id>/edit", methods=["GET", "POST"])
@login_required
def edit_ecosystem(ecosystem_id: int):
    eco = service.get_ecosystem(db.session, current_user, ecosystem_id, for_write=True)
    form = _ecosystem_form(eco)
    return form_page(
        form, lambda: service.update_ecosystem(db.session, current_user, ecosystem_id,
                                               form.to_input()),
        success=_("The ecosystem has been saved."),
        redirect_to=lambda e: url_for("ecosystems.ecosystem", ecosystem_id=e.id),
        template="ecosystems/ecosystem_form.html", eco=eco)


@bp.post("/ecosystems/<int:ecosystem_id>/delete")
@login_required
def delete_ecosystem(ecosystem_id: int):
    require_csrf()
    service.delete_ecosystem(db.session, current_user, ecosystem_id)
    flash(_("The ecosystem has been removed."), "success")
    return redirect(url_for("ecosystems.ecosystems"))


@bp.get("/projects")
@login_required
def projects():
    rows = service.list_projects(db.session, current_user)
    return render_template("ecosystems/projects.html", projects=rows, **helpers())


@bp.get("/projects/<int:project_id>")
@login_required
def project(project_id: int):
    row = service.get_project(db.session, current_user, project_id)
    eco = row.ecosystem if row.ecosystem is not None and authz.can_see_spanning(
        current_user, row.ecosystem) else None
    return render_template(
        "ecosystems/project.html", project=row, eco=eco,
        members=service.visible_members(db.session, current_user, row),
        lessons=lesson_service.lessons_on(db.session, current_user, project_id=row.id),
        **helpers())


def _project_form(row=None) -> ProjectForm:
    form = ProjectForm(obj=row)
    if row is not None and not form.is_submitted():
        form.status.data = row.status.value
        form.ecosystem_id.data = str(row.ecosystem_id or "")
        form.partners.data = _lines(row.partners)
        form.member_business_ids.data = ", ".join(
            c.business_id or "" for c, _a in service.visible_members(db.session, current_user,
                                                                     row))
        form.town_ids.data = [str(t.city_id) for t in row.towns]
    return form.setup(service.towns_for(db.session, current_user),
                      service.ecosystem_choices(db.session, current_user),
                      authz.is_coordinator(current_user), row is None)


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new_project():
    authz.require(current_user, "ecosystem.edit")
    form = _project_form()
    return form_page(
        form, lambda: service.create_project(db.session, current_user, form.to_input()),
        success=_("The project has been added."),
        redirect_to=lambda p: url_for("ecosystems.project", project_id=p.id),
        template="ecosystems/project_form.html", project=None)


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit_project(project_id: int):
    row = service.get_project(db.session, current_user, project_id, for_write=True)
    form = _project_form(row)
    return form_page(
        form, lambda: service.update_project(db.session, current_user, project_id,
                                             form.to_input()),
        success=_("The project has been saved."),
        redirect_to=lambda p: url_for("ecosystems.project", project_id=p.id),
        template="ecosystems/project_form.html", project=row)


@bp.post("/projects/<int:project_id>/delete")
@login_required
def delete_project(project_id: int):
    require_csrf()
    service.delete_project(db.session, current_user, project_id)
    flash(_("The project has been removed."), "success")
    return redirect(url_for("ecosystems.projects"))


@bp.post("/applications/<int:application_id>/project")
@login_required
def project_from_application(application_id: int):
    """A funded application becomes a project in one step."""
    require_csrf()
    from app.errors import FieldError

    try:
        row = service.project_from_application(db.session, current_user, application_id)
    except FieldError as exc:
        flash(str(exc), "error")
        return redirect(url_for("ecosystems.projects"))
    flash(_("The project has been created from the application."), "success")
    return redirect(url_for("ecosystems.project", project_id=row.id))


def project_section(company, actor):
    """The company page's section: the projects the company takes part in."""
    rows = service.company_projects(db.session, actor, company)
    funded = service.awarded_without_project(db.session, actor, company)
    if not rows and not funded:
        return None
    return "ecosystems/_company_projects.html", {"projects": rows, "funded": funded,
                                                 **helpers()}
