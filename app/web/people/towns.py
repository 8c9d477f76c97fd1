"""The coordinator's page of member towns: make a municipality a member, end a membership."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app import authz
from app.errors import FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.services import towns as town_service
from app.web.forms import choices, require_csrf
from app.web.people import bp
from app.web.people.forms import AddTownForm


def _form() -> AddTownForm:
    form = AddTownForm()
    form.code.choices = choices([("", _("Choose…")), *(
        (m.code, f"{m.name_fi}{' / ' + m.name_sv if m.name_sv != m.name_fi else ''} ({m.code})")
        for m in town_service.candidates(db.session, current_user))])
    return form


@bp.route("/network/towns", methods=["GET", "POST"])
@login_required
def towns():
    authz.require(current_user, "network.settings")
    form = _form()
    status = 200
    if form.validate_on_submit():
        try:
            city = town_service.add_town(db.session, current_user, form.code.data)
        except FieldError as exc:
            form.add_errors(exc)
        else:
            flash(_("%(name)s is now a member town.", name=city.name_fi), "success")
            return redirect(url_for("people.towns"))
    if form.errors or form.form_errors:
        status = 422
    rows = town_service.list_towns(db.session, current_user)
    loaded = town_service.municipality_count(db.session)
    return render_template("people/towns.html", form=form, rows=rows, loaded=loaded), status


@bp.post("/network/towns/<code>/end")
@login_required
def end_town(code: str):
    require_csrf()
    try:
        city = town_service.end_town(db.session, current_user, code)
    except FieldError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The membership of %(name)s has ended. Its data is kept.", name=city.name_fi),
              "success")
    return redirect(url_for("people.towns"))
