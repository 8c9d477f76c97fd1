"""The coordinator's source health page: each source's last run, its counts and errors, the
enabled toggle, its address, and "run now" with progress polled from the job row."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.errors import Conflict, FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.limits import to_id
from app.services.funding import sources as harvest_sources
from app.web.forms import form_page, require_csrf
from app.web.funding import background, bp
from app.web.funding.forms import SourceForm


@bp.get("/funding/sources")
@login_required
def sources():
    health = harvest_sources.source_health(db.session, current_user)
    runs = harvest_sources.recent_runs(db.session, current_user)
    job = harvest_sources.latest_job(db.session, current_user)
    return render_template("funding/sources.html", health=health, runs=runs, job=job)


@bp.post("/funding/sources/run")
@login_required
def run_now():
    require_csrf()
    source_id = request.form.get("source_id", "")
    try:
        job = harvest_sources.start_job(db.session, current_user, to_id(source_id))
    except Conflict as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("funding.sources"))
    background.start(current_app._get_current_object(), job.id)  # type: ignore[attr-defined]
    flash(_("The harvest started; its progress is shown below."), "success")
    return redirect(url_for("funding.sources") + "#progress")


@bp.get("/funding/jobs/<int:job_id>/status")
@login_required
def job_status(job_id: int):
    job = harvest_sources.get_job(db.session, current_user, job_id)
    return render_template("funding/_job_status.html", job=job)


@bp.post("/funding/sources/<int:source_id>/toggle")
@login_required
def toggle_source(source_id: int):
    require_csrf()
    source = harvest_sources.get_source(db.session, current_user, source_id)
    data = harvest_sources.SourceInput(enabled=not source.enabled, url=source.url,
                                       schedule=source.schedule)
    try:
        harvest_sources.update_source(db.session, current_user, source.id, data)
    except FieldError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("%(name)s is now harvested.", name=source.name) if source.enabled
              else _("%(name)s is no longer harvested.", name=source.name), "success")
    return redirect(url_for("funding.sources"))


@bp.route("/funding/sources/<int:source_id>/edit", methods=["GET", "POST"])
@login_required
def edit_source(source_id: int):
    source = harvest_sources.get_source(db.session, current_user, source_id)
    form = SourceForm(obj=source)
    return form_page(
        form,
        lambda: harvest_sources.update_source(db.session, current_user, source.id,
                                              form.to_input()),
        success=_("Changes saved."),
        redirect_to=lambda _saved: url_for("funding.sources"),
        template="funding/source_form.html",
        check=lambda: harvest_sources.check_source(db.session, current_user, source.id,
                                                   form.to_input()),
        source=source,
    )
