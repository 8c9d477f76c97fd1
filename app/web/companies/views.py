from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from app import authz
from app.extensions import db
from app.i18n import gettext as _
from app.services import accounts, companies
from app.services.errors import FieldError
from app.web import company_sections
from app.web.companies import bp
from app.web.companies.forms import CompanyForm, NetworkCompanyForm
from app.web.forms import choices


def _page_arg() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1


@bp.get("/")
@login_required
def home():
    page = companies.search_companies(db.session, current_user, page=_page_arg(), per_page=25)
    return render_template("companies/list.html", page=page)


@bp.get("/companies/<int:company_id>")
@login_required
def detail(company_id: int):
    company = companies.get_company(db.session, current_user, company_id)
    sections = company_sections(current_app, company, current_user)
    return render_template("companies/detail.html", company=company, sections=sections)


def _new_form() -> CompanyForm:
    if authz.is_coordinator(current_user):
        form = NetworkCompanyForm()
        form.city_id.choices = choices((c.id, c.name_fi) for c in accounts.list_cities(db.session))
        return form
    return CompanyForm()


def _existing_link(exc: FieldError) -> Markup | None:
    existing = exc.params.get("existing_id")
    if not existing:
        return None
    return Markup('<a href="{}">{}</a>').format(
        url_for("companies.detail", company_id=existing), escape(_("Open the existing company."))
    )


@bp.route("/companies/new", methods=["GET", "POST"])
@login_required
def new():
    if not authz.can(current_user, "company.create"):
        abort(403)
    form = _new_form()
    if form.validate_on_submit():
        city_id = form.city_id.data if isinstance(form, NetworkCompanyForm) else None
        try:
            company = companies.create_company(db.session, current_user, form.to_input(city_id))
        except FieldError as exc:
            form.add_error(exc, _existing_link(exc))
        else:
            flash(_("Company %(name)s added.", name=company.name), "success")
            return redirect(url_for("companies.detail", company_id=company.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("companies/form.html", form=form, company=None), status


@bp.route("/companies/<int:company_id>/edit", methods=["GET", "POST"])
@login_required
def edit(company_id: int):
    company = authz.get_company(db.session, current_user, company_id, for_write=True)
    form = CompanyForm.from_company(company)
    if form.validate_on_submit():
        try:
            companies.update_company(db.session, current_user, company.id, form.to_input())
        except FieldError as exc:
            form.add_error(exc, _existing_link(exc))
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("companies.detail", company_id=company.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("companies/form.html", form=form, company=company), status
