"""The coordinator's pages of the pipeline: the network's stages (add, rename, reorder, remove)
and the signals' thresholds. Anyone else gets 403."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from app import authz
from app.errors import Conflict, FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.services import pipeline
from app.web.pipeline import bp
from app.web.pipeline.forms import StageDeleteForm, StageForm, StageOrderForm, ThresholdsForm


def _coordinator_only() -> None:
    if not authz.can(current_user, "pipeline.configure"):
        abort(403)


def _stages_page(form: StageForm | None = None, failed: str | None = None,
                 new: StageForm | None = None, status: int = 200):
    return render_template("pipeline/stages.html", stages=pipeline.list_stages(db.session),
                           form=form or StageForm(formdata=None), failed=failed,
                           new=new or StageForm(formdata=None, prefix="new")), status


@bp.route("/pipeline/stages", methods=["GET", "POST"])
@login_required
def stages():
    """The network's stages: names and stalled limits (the coordinator's)."""
    _coordinator_only()
    form = StageForm()
    if form.validate_on_submit():
        try:
            pipeline.update_stage(db.session, current_user, form.to_input())
        except FieldError as exc:
            form.add_errors(exc)
        else:
            flash(_("The stage was saved."), "success")
            return redirect(url_for("pipeline.stages"), 303)
    if form.is_submitted():
        return _stages_page(form, form.key.data or "", status=422)
    return _stages_page()


@bp.post("/pipeline/stages/new")
@login_required
def stage_new():
    _coordinator_only()
    new = StageForm(prefix="new")
    if new.validate_on_submit():
        try:
            stage = pipeline.add_stage(db.session, current_user, new.to_input())
        except FieldError as exc:
            new.add_errors(exc)
        else:
            flash(_("The stage %(name)s was added at the end of the board.",
                    name=stage.name(str(get_locale() or "fi"))), "success")
            return redirect(url_for("pipeline.stages"), 303)
    return _stages_page(new=new, status=422)


@bp.post("/pipeline/stages/order")
@login_required
def stage_order():
    _coordinator_only()
    form = StageOrderForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        pipeline.move_stage(db.session, current_user, form.key.data, form.direction.data or "")
    except FieldError as exc:
        flash(str(exc.message), "error")
        return _stages_page(status=422)
    flash(_("The order of the stages was saved."), "success")
    return redirect(url_for("pipeline.stages") + f"#stage-{form.key.data}-h", 303)


@bp.post("/pipeline/stages/delete")
@login_required
def stage_delete():
    _coordinator_only()
    form = StageDeleteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        pipeline.delete_stage(db.session, current_user, form.key.data)
    except (FieldError, Conflict) as exc:
        flash(str(exc.message), "error")
        return _stages_page(status=409 if isinstance(exc, Conflict) else 422)
    flash(_("The stage was removed."), "success")
    return redirect(url_for("pipeline.stages"), 303)


@bp.route("/pipeline/settings", methods=["GET", "POST"])
@login_required
def thresholds():
    """The signals' thresholds (the coordinator's)."""
    _coordinator_only()
    form = ThresholdsForm()
    status = 200
    if form.validate_on_submit():
        try:
            pipeline.update_thresholds(db.session, current_user, form.to_input())
        except FieldError as exc:
            form.add_errors(exc)
            status = 422
        else:
            flash(_("The thresholds were saved."), "success")
            return redirect(url_for("pipeline.thresholds"), 303)
    elif form.is_submitted():
        status = 422
    else:
        form.process(data=pipeline.threshold_values(pipeline.load_thresholds(db.session)))
    return render_template("pipeline/thresholds.html", form=form), status
