"""Applications: started from a match or typed in, edited to their outcome, listed."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import authz
from app.errors import FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.models.matches import Match
from app.services import benefits
from app.web.benefits import bp
from app.web.benefits.forms import OUTCOMES, ApplicationForm


def company_section(company: Any, actor: Any) -> tuple[str, dict]:
    """The company page's section: its applications (as applicant or partner)."""
    rows = benefits.list_applications(db.session, actor, company_id=company.id, limit=20)
    return "benefits/_company_section.html", {"applications": rows}


def _save(form: ApplicationForm, action: Any, template: str, **context: Any) -> Any:
    """Run the use case on a valid submit; errors land on their fields, warnings are flashed."""
    if form.validate_on_submit():
        try:
            saved = action()
        except FieldError as exc:
            form.add_errors(exc)
        else:
            flash(_("Application saved."), "success")
            for warning in saved.warnings:
                flash(str(warning), "info")
            return redirect(url_for("benefits.application", application_id=saved.application.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status


@bp.get("/applications")
@login_required
def applications():
    outcome = request.args.get("outcome") or None
    if outcome not in {o for o, _label in OUTCOMES}:
        outcome = None
    rows = benefits.list_applications(db.session, current_user, outcome=outcome)
    return render_template("benefits/applications.html", rows=rows, outcome=outcome,
                           outcomes=OUTCOMES)


@bp.route("/matches/<int:match_id>/application", methods=["GET", "POST"])
@login_required
def from_match(match_id: int):
    match = authz.get_owned(db.session, current_user, Match, match_id, action="match.act")
    form = ApplicationForm()
    if request.method == "GET":
        form.call_title.data = match.call.title[:500]
        form.programme.data = match.call.programme or ""
    return _save(form, lambda: benefits.create_application(
        db.session, current_user, form.to_input(), match_id=match.id),
        "benefits/form.html", company=match.company, match=match, row=None)


@bp.route("/companies/<int:company_id>/applications/new", methods=["GET", "POST"])
@login_required
def new(company_id: int):
    company = authz.get_company(db.session, current_user, company_id)
    authz.require(current_user, "match.act", company)
    form = ApplicationForm()
    return _save(form, lambda: benefits.create_application(
        db.session, current_user, form.to_input(company.id)),
        "benefits/form.html", company=company, match=None, row=None)


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id: int):
    row = benefits.get_application(db.session, current_user, application_id)
    return render_template("benefits/detail.html", row=row)


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@login_required
def edit(application_id: int):
    row = benefits.get_application(db.session, current_user, application_id)
    if row.as_partner or row.company_id is None:
        abort(404)
    company = authz.get_company(db.session, current_user, row.company_id)
    authz.require(current_user, "match.act", company)
    form = (ApplicationForm() if request.method == "POST"
            else ApplicationForm.from_row(row, list(row.partner_business_ids)))
    return _save(form, lambda: benefits.update_application(
        db.session, current_user, application_id, form.to_input()),
        "benefits/form.html", company=company, match=None, row=row)
