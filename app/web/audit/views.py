from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import Length, Optional

from app import authz
from app.errors import Conflict
from app.extensions import db
from app.i18n import gettext as _
from app.i18n import lazy_gettext as _l
from app.limits import to_id
from app.services import companies
from app.services.audit import log as audit_log
from app.services.audit.log import AuditFilters
from app.services.companies import merge as merge_service
from app.web.audit import bp, labels
from app.web.forms import VeturiForm, apply_filters, choices, page_arg, require_csrf


class AuditFilterForm(VeturiForm):
    class Meta:
        csrf = False

    user_id = SelectField(_l("User"), validators=[Optional()])
    entity = SelectField(_l("Kind of row"), validators=[Optional()])
    entity_id = IntegerField(_l("Row number"), validators=[Optional()])
    action = SelectField(_l("Event"), validators=[Optional(), Length(max=60)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])


@bp.get("/audit")
@login_required
def log():
    if not authz.can(current_user, "audit.view"):
        abort(403)
    form = AuditFilterForm(request.args)
    staff = companies.town_staff(db.session, current_user)
    form.user_id.choices = choices([("", _("Anyone")), *((str(u.id), u.name) for u in staff)])
    entities = sorted(((e, labels.entity_label(e)) for e in audit_log.entities(db.session)),
                      key=lambda pair: pair[1].casefold())
    form.entity.choices = choices([("", _("Any")), *entities])
    actions = sorted(((a, labels.action_label(a))
                      for a in audit_log.actions(db.session, current_user)),
                     key=lambda pair: pair[1].casefold())
    if form.action.data and form.action.data not in {a for a, _label in actions}:
        # an older link's prefix ("company.") still filters: offer it as it was given
        actions.append((form.action.data, form.action.data))
    form.action.choices = choices([("", _("Any")), *actions])
    apply_filters(form)
    user = form.user_id.data or ""
    filters = AuditFilters(
        user_id=to_id(user),
        entity=form.entity.data or None,
        entity_id=form.entity_id.data,
        action=(form.action.data or "").strip() or None,
        since=form.since.data,
        until=form.until.data,
    )
    page_no = page_arg()
    page = audit_log.list_events(
        db.session, current_user, filters, tz=current_app.config["TIMEZONE"], page=page_no
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("audit/log.html", form=form, page=page, list_args=args, labels=labels)


@bp.post("/audit/<int:event_id>/undo-merge")
@login_required
def undo_merge(event_id: int):
    require_csrf()
    try:
        restored = merge_service.unmerge(db.session, current_user, event_id)
    except Conflict as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("audit.log"))
    flash(_("The merge was undone."), "success")
    return redirect(url_for("companies.detail", company_id=restored.id))
