from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode

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
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from wtforms.fields.core import UnboundField

from app import authz, clock
from app.errors import Conflict, FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.i18n import ngettext, town_name
from app.industry import section_names
from app.models import Company, SizeClass
from app.presentation.paging import PAGE_SIZES, per_page_arg
from app.services import accounts, companies
from app.services.companies import bulk, exports, saved_filters, timeline
from app.services.companies import duplicates as duplicate_service
from app.services.companies import merge as merge_service
from app.services.companies import search as company_search
from app.web import company_sections
from app.web.companies import bp
from app.web.companies.forms import (
    AssignOwnerForm,
    CompanyFilterForm,
    CompanyForm,
    FlagCompaniesForm,
    MergeForm,
    NetworkCompanyForm,
    SaveFilterForm,
    SelectionForm,
)
from app.web.engagement.views import interaction_form
from app.web.forms import apply_filters, choices, form_page, page_arg, require_csrf
from app.web.imports.register import LOOKUP_BUTTON, fill_from_register
from app.web.labels import LABELS
from app.web.redirects import safe_next

_FILTER_KEYS = frozenset(
    k for k, v in vars(CompanyFilterForm).items() if isinstance(v, UnboundField)
) | {"page"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page_arg() -> int:
    return page_arg()


def _filter_form() -> CompanyFilterForm:
    form = CompanyFilterForm(request.args)
    sections = section_names(str(get_locale() or "fi"))
    form.section.choices = choices(
        [("", _("Any")), *((k, f"{k} – {v}") for k, v in sections.items())]
    )
    form.size.choices = choices(
        [
            ("", _("Any")),
            ("sme", _("SME (micro, small or medium)")),
            *((s.value, LABELS[s]) for s in SizeClass),
        ]
    )
    staff = authz.assignable_users(db.session, current_user)
    form.owner.choices = choices(
        [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *((str(u.id), u.name) for u in staff),
        ]
    )
    towns = accounts.list_cities(db.session) if authz.is_coordinator(current_user) else []
    form.city_id.choices = choices([("", _("All towns")),
                                    *((str(c.id), town_name(c)) for c in towns)])
    form.sort.choices = choices(
        [
            ("", _("Best match or name")),
            ("name", _("Name A–Ö")),
            ("-name", _("Name Ö–A")),
            ("-updated", _("Recently updated")),
            ("updated", _("Least recently updated")),
            ("-contact", _("Latest contact first")),
            ("contact", _("Longest without contact first")),
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
        db.session, current_user, filters, page=_page_arg(),
        per_page=per_page_arg(request.args.get("per_page")),
    )
    saved = saved_filters.list_saved(db.session, current_user)
    save_form = SaveFilterForm(query=urlencode(_list_args()))
    assign_form = flag_form = None
    if authz.can(current_user, "company.edit"):
        assign_form = AssignOwnerForm(formdata=None, query=urlencode(request.args))
        _owner_choices(assign_form)
        flag_form = FlagCompaniesForm(formdata=None)
    return render_template(
        "companies/list.html",
        page=page,
        form=form,
        saved=saved,
        save_form=save_form,
        assign_form=assign_form,
        flag_form=flag_form,
        selection_form=SelectionForm(formdata=None, query=urlencode(request.args)),
        list_args=_list_args(),
        page_sizes=PAGE_SIZES,
        last_contacts=company_search.last_contacts(db.session, page.items),
        is_coordinator=authz.is_coordinator(current_user),
        heading=_list_heading(form, filters.city_id),
        # a network-wide list, or one with companies shared from other towns, names the town
        show_town=(authz.is_coordinator(current_user) and filters.city_id is None)
        or any(c.city_id != current_user.city_id for c in page.items),
    )


def _list_heading(form: CompanyFilterForm, city_id: int | None) -> str:
    """Say what the list holds for this user: the network, or one town's companies."""
    if authz.is_coordinator(current_user):
        town = next((c.label for c in form.city_id.choices if c.value == str(city_id)), None)
        if city_id is None or town is None:
            return _("Companies of the network")
        return _("Companies of %(town)s", town=town)
    if current_user.city is None:
        return _("Companies")
    return _("Companies of %(town)s", town=town_name(current_user.city))


def _back_to_list(query: str | None) -> str:
    """The same filtered list: rebuilt from its parameters, never a free redirect target."""
    kept = urlencode([(k, v) for k, v in parse_qsl(query or "") if k in _FILTER_KEYS])
    return url_for("companies.home") + ("?" + kept if kept else "")


def _bulk_action(form: Any, refused: str, act: Callable[[list[int]], int],
                 done: Callable[[int], str]) -> Any:
    """A bulk action of the list: the chosen companies, all checked and audited one by one by
    the service (nothing changes if one is out of reach), then back to the same list."""
    back = _back_to_list(form.query.data)
    if not form.validate_on_submit():
        flash(refused, "error")
        return redirect(back)
    try:
        count = act(form.company_ids.data or [])
    except FieldError as exc:
        flash(str(exc.message), "error")
    else:
        flash(done(count), "success")
    return redirect(back)


@bp.post("/companies/flag")
@login_required
def flag_companies():
    """The list's bulk action: a flag for the chosen companies."""
    form = FlagCompaniesForm()
    return _bulk_action(
        form, _("Choose the flag to add."),
        lambda ids: bulk.flag_companies(db.session, current_user, ids, form.flag.data),
        lambda n: ngettext("Flag added to %(num)d company.",
                           "Flag added to %(num)d companies.", n))


@bp.post("/companies/export-selection.<fmt>")
@login_required
def export_selection(fmt: str):
    """The chosen companies only, as CSV or Excel (a POST: the ids come in the body)."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    form = SelectionForm()
    if not form.validate_on_submit():
        flash(_("The form expired. Choose the companies again."), "error")
        return redirect(_back_to_list(form.query.data))
    try:
        rows = bulk.selected_companies(db.session, current_user, form.company_ids.data or [])
    except FieldError as exc:
        flash(str(exc.message), "error")
        return redirect(_back_to_list(form.query.data))
    return _export_response(fmt, rows)


@bp.post("/companies/assign-owner")
@login_required
def assign_owner():
    """The list's bulk action: one owner for the chosen companies."""
    form = AssignOwnerForm()
    _owner_choices(form)
    return _bulk_action(
        form, _("Choose a staff member who works with these companies."),
        lambda ids: companies.assign_owner(db.session, current_user, ids, form.owner_id.data),
        lambda n: ngettext("Owner changed for %(num)d company.",
                           "Owner changed for %(num)d companies.", n))


@bp.get("/companies/export.<fmt>")
@login_required
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    form = _filter_form()
    apply_filters(form, announce=False)
    rows = company_search.iter_companies(db.session, current_user, form.to_filters(current_user.id))
    return _export_response(fmt, rows)


def _export_response(fmt: str, rows: Iterable[Company]) -> Response:
    stamp = clock.today().isoformat()
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
    """The company page: the profile beside the activity timeline (filtered by ``kind`` with a
    plain GET form), the other areas' panels, and the "Log a contact" form opened in place."""
    company = companies.get_company(db.session, current_user, company_id)
    kinds = timeline.parse_kinds(request.args.getlist("kind"))
    entries = timeline.company_timeline(db.session, current_user, company.id, kinds=kinds)
    sections = company_sections(current_app, company, current_user)
    log_form = None
    if authz.can(current_user, "interaction.create", company):
        log_form = interaction_form(company)
    return render_template(
        "companies/detail.html", company=company, sections=sections, entries=entries,
        kinds=kinds, all_kinds=timeline.KINDS, log_form=log_form,
        other_municipality=company.municipality_code not in (None, company.city.code),
    )


def _owner_choices(form: CompanyForm | AssignOwnerForm, company: Company | None = None) -> None:
    """Whom the actor may choose as the owner (``authz.assignable_users``); the current owner
    stays on the list so that saving the form never drops them."""
    users = [(u.id, u.name) for u in authz.assignable_users(db.session, current_user, company)]
    current = company.owner if company is not None else None
    if current is not None and all(user_id != current.id for user_id, _name in users):
        users.insert(0, (current.id, current.name))
    form.owner_id.choices = choices([("", _("Nobody")), *users])


def _new_form() -> CompanyForm:
    if authz.is_coordinator(current_user):
        form = NetworkCompanyForm()
        form.city_id.choices = choices((c.id, town_name(c))
                                       for c in accounts.list_cities(db.session))
    else:
        form = CompanyForm()
    _owner_choices(form)
    if not form.is_submitted():  # the one who adds a company usually keeps in touch with it
        offered = {choice.value for choice in form.owner_id.choices}
        form.owner_id.data = current_user.id if current_user.id in offered else None
    return form


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
        lambda: companies.create_company(db.session, current_user, form.to_input(city_id())),
        success=_("Company %(name)s added.", name=form.name.data or ""),
        redirect_to=lambda c: url_for("companies.detail", company_id=c.id),
        template="companies/form.html",
        link=_existing_link,
        check=lambda: companies.check_company(db.session, current_user, form.to_input(city_id())),
        company=None,
    )


@bp.route("/companies/<int:company_id>/edit", methods=["GET", "POST"])
@login_required
def edit(company_id: int):
    company = authz.get_company(db.session, current_user, company_id, for_write=True)
    form = CompanyForm.from_company(company)
    _owner_choices(form, company)
    if request.method == "POST" and LOOKUP_BUTTON in request.form:
        context, status = fill_from_register(form)
        return render_template("companies/form.html", form=form, company=company, **context), status
    return form_page(
        form,
        lambda: companies.update_company(db.session, current_user, company.id, form.to_input()),
        success=_("Changes saved."),
        redirect_to=lambda c: url_for("companies.detail", company_id=c.id),
        template="companies/form.html",
        link=_existing_link,
        check=lambda: companies.check_company(
            db.session, current_user, form.to_input(), company_id=company.id
        ),
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
    authz.require_merge(current_user, first, second)
    form.keep.choices = choices([(str(first.id), first.name), (str(second.id), second.name)])
    if request.method == "POST" and form.validate():
        keep, drop = (first, second) if form.keep.data == str(first.id) else (second, first)
        try:
            event = merge_service.merge_companies(db.session, current_user, keep.id, drop.id,
                                                  confirm_moves=bool(form.confirm_moves.data))
        except FieldError as exc:
            form.add_error(exc)
        except Conflict as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("Merged. The merge can be undone from the audit log."), "success")
            return redirect(url_for("companies.detail", company_id=event.entity_id))
    counts = {c.id: companies.related_counts(db.session, c) for c in (first, second)}
    status = 422 if form.errors else 200
    return render_template(
        "companies/merge.html", form=form, first=first, second=second, counts=counts,
        two_towns=first.city_id != second.city_id,
    ), status
