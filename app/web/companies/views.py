from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from app import authz
from app.extensions import db
from app.i18n import gettext as _
from app.industry import SECTION_NAMES_2025
from app.models import Company, SizeClass
from app.services import accounts, companies, company_search, exports, matching, saved_filters
from app.services import duplicates as duplicate_service
from app.services import merge as merge_service
from app.services.errors import Conflict, FieldError
from app.web import company_sections
from app.web.companies import bp
from app.web.companies.forms import (
    CompanyFilterForm,
    CompanyForm,
    MergeForm,
    NetworkCompanyForm,
    SaveFilterForm,
)
from app.web.forms import apply_filters, choices, form_page, page_arg, require_csrf
from app.web.imports.register import LOOKUP_BUTTON, fill_from_register
from app.web.labels import LABELS
from app.web.redirects import safe_next

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rematched(company: Company) -> Company:
    """A saved profile gets its funding matches at once."""
    matching.rematch_after_save(
        db.session, company.id, today=date.today(), config=current_app.config
    )
    return company


def _page_arg() -> int:
    return page_arg()


def _filter_form() -> CompanyFilterForm:
    form = CompanyFilterForm(request.args)
    form.section.choices = choices(
        [("", _("Any")), *((k, f"{k} – {v}") for k, v in SECTION_NAMES_2025.items())]
    )
    form.size.choices = choices(
        [
            ("", _("Any")),
            ("sme", _("SME (micro, small or medium)")),
            *((s.value, LABELS[s]) for s in SizeClass),
        ]
    )
    staff = companies.town_staff(db.session, current_user)
    form.owner.choices = choices(
        [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *((str(u.id), u.name) for u in staff),
        ]
    )
    towns = accounts.list_cities(db.session) if authz.is_coordinator(current_user) else []
    form.city_id.choices = choices([("", _("All towns")), *((str(c.id), c.name_fi) for c in towns)])
    form.sort.choices = choices(
        [
            ("", _("Best match or name")),
            ("name", _("Name A–Ö")),
            ("-name", _("Name Ö–A")),
            ("-updated", _("Recently updated")),
            ("updated", _("Least recently updated")),
        ]
    )
    return form


def _list_args() -> dict[str, str]:
    """The current filters without the page number (for export links and saved searches)."""
    return {k: v for k, v in request.args.items() if k != "page" and v}


@bp.get("/")
@login_required
def home():
    form = _filter_form()
    apply_filters(form)
    filters = form.to_filters(current_user.id)
    page = companies.search_companies(
        db.session, current_user, filters, page=_page_arg(), per_page=25
    )
    saved = saved_filters.list_saved(db.session, current_user)
    save_form = SaveFilterForm(query=urlencode(_list_args()))
    return render_template(
        "companies/list.html",
        page=page,
        form=form,
        saved=saved,
        save_form=save_form,
        list_args=_list_args(),
        is_coordinator=authz.is_coordinator(current_user),
    )


@bp.get("/companies/export.<fmt>")
@login_required
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    form = _filter_form()
    apply_filters(form, announce=False)
    rows = company_search.iter_companies(db.session, current_user, form.to_filters(current_user.id))
    stamp = date.today().isoformat()
    if fmt == "csv":
        return Response(
            stream_with_context(exports.csv_chunks(rows)),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="yritykset-{stamp}.csv"'},
        )
    return Response(
        exports.xlsx_bytes(rows),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="yritykset-{stamp}.xlsx"'},
    )


@bp.post("/saved-searches")
@login_required
def save_search():
    form = SaveFilterForm()
    if form.validate_on_submit():
        try:
            saved_filters.save_filter(
                db.session, current_user, form.name.data, form.query.data or ""
            )
        except FieldError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Search saved."), "success")
    else:
        flash(_("Give the saved search a name."), "error")
    home = url_for("companies.home")
    return redirect(safe_next(home + ("?" + form.query.data if form.query.data else ""), home))


@bp.post("/saved-searches/<int:filter_id>/delete")
@login_required
def delete_search(filter_id: int):
    require_csrf()
    saved_filters.delete_filter(db.session, current_user, filter_id)
    flash(_("Saved search removed."), "success")
    return redirect(url_for("companies.home"))


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
    if request.method == "POST" and LOOKUP_BUTTON in request.form:
        context, status = fill_from_register(form)
        return render_template("companies/form.html", form=form, company=None, **context), status
    city_id = lambda: form.city_id.data if isinstance(form, NetworkCompanyForm) else None  # noqa: E731
    return form_page(
        form,
        lambda: _rematched(
            companies.create_company(db.session, current_user, form.to_input(city_id()))
        ),
        success=_("Company %(name)s added.", name=form.name.data or ""),
        redirect_to=lambda c: url_for("companies.detail", company_id=c.id),
        template="companies/form.html",
        link=_existing_link,
        company=None,
    )


@bp.route("/companies/<int:company_id>/edit", methods=["GET", "POST"])
@login_required
def edit(company_id: int):
    company = authz.get_company(db.session, current_user, company_id, for_write=True)
    form = CompanyForm.from_company(company)
    if request.method == "POST" and LOOKUP_BUTTON in request.form:
        context, status = fill_from_register(form)
        return render_template("companies/form.html", form=form, company=company, **context), status
    return form_page(
        form,
        lambda: _rematched(
            companies.update_company(db.session, current_user, company.id, form.to_input())
        ),
        success=_("Changes saved."),
        redirect_to=lambda c: url_for("companies.detail", company_id=c.id),
        template="companies/form.html",
        link=_existing_link,
        company=company,
    )


@bp.get("/companies/duplicates")
@login_required
def duplicates():
    if not authz.can(current_user, "company.merge"):
        abort(403)
    pairs = duplicate_service.find_duplicates(db.session, current_user)
    return render_template("companies/duplicates.html", pairs=pairs)


@bp.route("/companies/merge", methods=["GET", "POST"])
@login_required
def merge():
    form = MergeForm(request.values)
    a_id, b_id = request.values.get("a", type=int), request.values.get("b", type=int)
    if not a_id or not b_id:
        abort(404)
    first = authz.get_company(db.session, current_user, a_id, for_write=True)
    second = authz.get_company(db.session, current_user, b_id, for_write=True)
    form.keep.choices = choices([(str(first.id), first.name), (str(second.id), second.name)])
    if request.method == "POST" and form.validate():
        keep, drop = (first, second) if form.keep.data == str(first.id) else (second, first)
        try:
            event = merge_service.merge_companies(db.session, current_user, keep.id, drop.id)
        except (FieldError, Conflict) as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Merged. The merge can be undone from the audit log."), "success")
            return redirect(url_for("companies.detail", company_id=event.entity_id))
    counts = {c.id: companies.related_counts(db.session, c) for c in (first, second)}
    return render_template(
        "companies/merge.html", form=form, first=first, second=second, counts=counts
    )
