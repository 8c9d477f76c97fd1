"""A company's yearly figures on its page: the table, and the form that edits it (the rows
staff keep, plus a few empty ones to add years)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app import authz
from app.errors import FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.services import companies
from app.services.companies import figures
from app.web.pipeline import bp
from app.web.pipeline.forms import FiguresForm

EMPTY_ROWS = 3


def figures_section(company: Any, actor: Any) -> tuple[str, dict]:
    return "pipeline/_company_figures.html", {
        "years": figures.yearly_figures(db.session, actor, company)}


def _put_errors(form: FiguresForm, exc: FieldError) -> None:
    """``years.<i>.<field>`` errors of the service onto the table's cells (the service counts
    the rows left after dropping blank ones)."""
    kept = [row for row in form.rows if not row.form.to_input().is_blank()]
    for error in exc.errors:
        parts = error.field.split(".", 2)
        if len(parts) == 3 and parts[0] == "years" and parts[1].isdigit():
            index, name = int(parts[1]), parts[2]
            if index < len(kept) and name in kept[index].form:
                cell = kept[index].form[name]
                cell.errors = [*cell.errors, str(error.message)]
                continue
        form.form_errors.append(str(error.message))


@bp.route("/companies/<int:company_id>/figures", methods=["GET", "POST"])
@login_required
def figures_edit(company_id: int):
    company = companies.get_company(db.session, current_user, company_id)
    if not authz.can(current_user, "company.edit", company):
        abort(403)
    form = FiguresForm()
    status = 200
    if form.validate_on_submit():
        # rows left blank are dropped; the service validates every kept row
        try:
            figures.save_yearly_figures(db.session, current_user, company.id, form.to_input())
        except FieldError as exc:
            _put_errors(form, exc)
            status = 422
        else:
            flash(_("The yearly figures were saved."), "success")
            return redirect(url_for("companies.detail", company_id=company.id) + "#figures-h",
                            303)
    elif form.is_submitted():
        status = 422
    else:
        for row in figures.yearly_figures(db.session, current_user, company):
            form.rows.append_entry({"year": row.year, "employees": row.employees,
                                    "turnover_eur": row.turnover_eur,
                                    "export_share_pct": row.export_share_pct,
                                    "rnd_eur": row.rnd_eur})
        for _i in range(EMPTY_ROWS):
            form.rows.append_entry()
    return render_template("pipeline/figures.html", form=form, company=company,
                           last_year=figures.last_year()), status
