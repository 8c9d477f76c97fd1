"""The import's pages: upload, mapping, the dry run's rows with their decisions and progress, and
the import itself. The dry run and the import run as background jobs; the page polls a status
fragment (and, without JavaScript, offers a refresh link)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from app import authz
from app import job_queue as queue
from app.errors import Conflict, FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.i18n import town_name
from app.models.imports import Decision, ImportStatus
from app.services import accounts, imports
from app.services.imports import FIELDS, MAX_UPLOAD_BYTES
from app.web.forms import choices, page_arg, require_csrf
from app.web.imports import bp
from app.web.imports.forms import (
    CHANGE_LABELS,
    DECISION_LABELS,
    DecideAllForm,
    UploadForm,
    change_value,
    decisions_form,
    mapping_form,
)

PER_PAGE = 50


def _start(job: str, import_id: int) -> None:
    queue.enqueue(job, import_id=import_id, locale=str(get_locale() or "fi"))


def _page_arg() -> int:
    return page_arg(request.values.get("page", "1"))


def _show_arg() -> str:
    show = request.values.get("show", "all")
    return show if show in imports.SHOWS else "all"


@bp.route("/", methods=["GET", "POST"])
@login_required
def start():
    if not authz.can(current_user, "company.import"):
        abort(403)
    form = UploadForm()
    coordinator = authz.is_coordinator(current_user)
    if coordinator:
        towns = accounts.list_cities(db.session)
        form.city_id.choices = choices([("", _("Choose the town")),
                                        *((c.id, town_name(c)) for c in towns)])
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            imp = imports.upload_list(db.session, current_user, data,
                                      upload.filename or "upload.csv", city_id=form.city_id.data)
        except FieldError as exc:
            form.add_error(exc)
        else:
            return redirect(url_for("imports.mapping", import_id=imp.id))
    recent = imports.recent_imports(db.session, current_user)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("imports/start.html", form=form, recent=recent,
                           coordinator=coordinator), status


@bp.route("/<int:import_id>/mapping", methods=["GET", "POST"])
@login_required
def mapping(import_id: int):
    imp = imports.get_import(db.session, current_user, import_id)
    form = mapping_form(imp)
    if form.validate_on_submit():
        try:
            imports.save_mapping(db.session, current_user, imp.id, form.to_mapping(),
                                 code_set=form.code_set.data, as_prospects=form.as_prospects.data)
        except FieldError as exc:
            form.add_error(exc)
        else:
            _start("imports.dry_run", imp.id)
            return redirect(url_for("imports.detail", import_id=imp.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("imports/mapping.html", imp=imp, form=form, fields=dict(FIELDS),
                           stale=imports.is_stale(imp)), status


@bp.get("/<int:import_id>")
@login_required
def detail(import_id: int):
    imp = imports.get_import(db.session, current_user, import_id)
    if imp.status is ImportStatus.UPLOADED:
        return redirect(url_for("imports.mapping", import_id=imp.id))
    show = _show_arg()
    page = imports.row_page(db.session, imp, show=show, page=_page_arg(), per_page=PER_PAGE)
    form = decisions_form(page.items, page=page.page, show=show)
    return render_template(
        "imports/detail.html", imp=imp, page=page, form=form, show=show,
        summary=imports.summarize(db.session, imp), labels=DECISION_LABELS,
        stale=imports.is_stale(imp), decide_all=DecideAllForm(),
        field_label=lambda key: CHANGE_LABELS.get(key) or imports.field_label(key),
        change_value=change_value,
        update_name=Decision.UPDATE_NAME,
    )


@bp.get("/<int:import_id>/status")
@login_required
def status(import_id: int):
    imp = imports.get_import(db.session, current_user, import_id)
    return render_template("imports/_progress.html", imp=imp)


@bp.post("/<int:import_id>/decisions")
@login_required
def decisions(import_id: int):
    imp = imports.get_import(db.session, current_user, import_id)
    show = _show_arg()
    page = imports.row_page(db.session, imp, show=show, page=_page_arg(), per_page=PER_PAGE)
    form = decisions_form(page.items)
    if not form.validate_on_submit():
        abort(400)
    back = url_for("imports.detail", import_id=imp.id, show=show, page=page.page)
    try:
        imports.save_decisions(db.session, current_user, imp.id, form.decisions())
        if request.form.get("action") == "commit":
            imports.start_commit(db.session, current_user, imp.id)
            _start("imports.commit", imp.id)
            flash(_("The import started."), "success")
            return redirect(url_for("imports.detail", import_id=imp.id))
    except (FieldError, Conflict) as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("Your choices were saved."), "success")
    return redirect(back)


@bp.post("/<int:import_id>/decide-all")
@login_required
def decide_all(import_id: int):
    form = DecideAllForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        count = imports.decide_all(db.session, current_user, import_id,
                                   form.outcome.data or "", form.decision.data or "")
    except (FieldError, Conflict) as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("%(num)s rows changed.", num=count), "success")
    return redirect(url_for("imports.detail", import_id=import_id, show=_show_arg()))


@bp.post("/<int:import_id>/delete")
@login_required
def delete(import_id: int):
    require_csrf()
    try:
        imports.delete_import(db.session, current_user, import_id)
    except Conflict as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("imports.detail", import_id=import_id))
    flash(_("The upload was removed; nothing was imported from it."), "success")
    return redirect(url_for("imports.start"))
