"""Calls for everyone: the list with its filters, a call's page and .ics; the coordinator's
manual calls."""

from __future__ import annotations

from flask import Response, abort, render_template, request, url_for
from flask_login import current_user, login_required

from app import authz, clock
from app.extensions import db
from app.i18n import gettext as _
from app.presentation.paging import PAGE_SIZES, per_page_arg
from app.services.funding import calls as call_service
from app.services.matches import reads as matching_reads
from app.services.validation import web_url
from app.web.forms import apply_filters, choices, form_page, page_arg
from app.web.funding import bp
from app.web.funding.forms import CallFilterForm, CallForm
from app.web.funding.labels import (
    applicant_label,
    change_text,
    deadline_text,
    field_label,
    lead_of,
    status_label,
)
from app.web.matches.partners import call_section as partner_section
from app.web.matches.views import helpers as match_helpers

PER_PAGE = 25


@bp.context_processor
def _helpers() -> dict:
    return {"status_label": status_label, "field_label": field_label,
            "applicant_label": applicant_label, "change_text": change_text,
            "deadline_text": deadline_text, "web_url": web_url, "lead_of": lead_of}


def _page_arg() -> int:
    return page_arg()


def _filters(form: CallFilterForm) -> call_service.CallFilters:
    apply_filters(form)
    return call_service.CallFilters(
        text=form.q.data or "", programme=form.programme.data or "",
        status=form.status.data or "", kind=form.kind.data or "",
        deadline_from=form.deadline_from.data, deadline_to=form.deadline_to.data,
        applicant_type=form.applicant_type.data or "",
    )


@bp.get("/calls")
@login_required
def calls():
    form = CallFilterForm(request.args)
    form.programme.choices = choices(
        [("", _("Any")), *((p, p) for p in call_service.programmes(db.session))])
    page = call_service.list_calls(db.session, current_user, _filters(form), page=_page_arg(),
                            per_page=per_page_arg(request.args.get("per_page"), PER_PAGE))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("funding/list.html", form=form, page=page, args=args,
                           page_sizes=PAGE_SIZES)


@bp.get("/calls/<int:call_id>")
@login_required
def call(call_id: int):
    detail = call_service.call_detail(db.session, current_user, call_id)
    matches = matching_reads.call_matches(db.session, current_user, call_id, today=clock.today())
    return render_template("funding/call.html", d=detail, call=detail.call, matches=matches,
                           **match_helpers(), **partner_section(call_id, current_user))


@bp.get("/calls/<int:call_id>.ics")
@login_required
def call_ics(call_id: int):
    body = call_service.call_calendar(db.session, current_user, call_id)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="call-{call_id}.ics"'})


@bp.route("/calls/new", methods=["GET", "POST"])
@login_required
def new_call():
    if not authz.can(current_user, "call.edit"):
        abort(403)
    form = CallForm()
    return form_page(
        form,
        lambda: call_service.create_call(db.session, current_user, form.to_input()),
        success=_("Call added."),
        redirect_to=lambda created: url_for("funding.call", call_id=created.id),
        template="funding/call_form.html",
        check=lambda: _check_call(form),
        call=None,
    )


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
@login_required
def edit_call(call_id: int):
    found = call_service.get_call(db.session, current_user, call_id)
    if not authz.can(current_user, "call.edit", found):
        abort(403)
    form = CallForm.from_call(found)
    return form_page(
        form,
        lambda: call_service.update_call(db.session, current_user, found.id, form.to_input()),
        success=_("Changes saved."),
        redirect_to=lambda _saved: url_for("funding.call", call_id=found.id),
        template="funding/call_form.html",
        check=lambda: _check_call(form),
        call=found,
    )


def _check_call(form: CallForm) -> None:
    """The service's validation of a call form, unless its deadlines are unreadable (then the
    input cannot be built and the form's own message says so)."""
    if not form.deadlines.errors:
        call_service.check_call(current_user, form.to_input())
