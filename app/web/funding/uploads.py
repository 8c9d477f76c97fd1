"""Uploading calls from a CSV/.xlsx file: a dry run that shows every row's outcome and problem,
then the import."""

from __future__ import annotations

import base64
import binascii

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app import authz, clock
from app.errors import FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.services.funding import uploads as calls_import
from app.web.funding import bp
from app.web.funding.forms import ImportCommitForm, ImportForm


@bp.route("/calls/import", methods=["GET", "POST"])
@login_required
def import_calls():
    if not authz.can(current_user, "call.import"):
        abort(403)
    form = ImportForm()
    if form.validate_on_submit():
        data, name = form.file.data.read(), form.file.data.filename or "upload.csv"
        try:
            plan = calls_import.plan_import(db.session, current_user, data, name,
                                            today=clock.today())
        except FieldError as exc:
            form.add_error(exc)
        else:
            commit = ImportCommitForm(content=base64.b64encode(data).decode("ascii"),
                                      filename=name)
            return render_template("funding/import_preview.html", plan=plan, form=commit)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("funding/import.html", form=form), status


@bp.post("/calls/import/commit")
@login_required
def import_commit():
    form = ImportCommitForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data = base64.b64decode(form.content.data, validate=True)
        counts = calls_import.import_calls(db.session, current_user, data, form.filename.data,
                                           today=clock.today())
    except (binascii.Error, FieldError):
        abort(400)
    flash(_("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.",
            created=counts.created, updated=counts.updated, unchanged=counts.unchanged),
          "success")
    return redirect(url_for("funding.calls"))
