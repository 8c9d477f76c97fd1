from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.i18n import gettext as _
from app.i18n import lazy_gettext as _l
from app.models.matches import MatchStatus
from app.services import companies, matching
from app.services.calls import call_detail
from app.services.errors import FieldError
from app.services.matching_records import reasons_from_json
from app.web.forms import require_csrf
from app.web.matches import bp
from app.web.matches.reasons import RELEVANCE_CODES, component_label, one_line, texts

# the workflow steps staff take, in order, as (status, button text)
ACTIONS = (
    ("proposed", _l("Propose to the company")),
    ("applying", _l("Application started")),
    ("submitted", _l("Application submitted")),
    ("awarded", _l("Funding awarded")),
    ("not_awarded", _l("Not awarded")),
)


def status_text(status: MatchStatus) -> str:
    names = {
        MatchStatus.NEW: _("New"),
        MatchStatus.REVIEWED: _("Reviewed"),
        MatchStatus.PROPOSED: _("Proposed to the company"),
        MatchStatus.APPLYING: _("Application started"),
        MatchStatus.SUBMITTED: _("Application submitted"),
        MatchStatus.AWARDED: _("Funding awarded"),
        MatchStatus.NOT_AWARDED: _("Not awarded"),
        MatchStatus.NOT_RELEVANT: _("Not relevant"),
    }
    return str(names[status])


def helpers() -> dict[str, Any]:
    return {
        "status_text": status_text,
        "one_line": lambda m: one_line(reasons_from_json(m.reasons)),
    }


def company_section(company: Any, actor: Any) -> tuple[str, dict]:
    current, working = matching.company_matches(db.session, actor, company.id, limit=5)
    return "matches/_company_section.html", {"current": current, "working": working, **helpers()}


def _filters() -> matching.MatchFilters:
    before = request.args.get("deadline_before") or ""
    try:
        deadline_before = date.fromisoformat(before) if before else None
    except ValueError:
        deadline_before = None
    return matching.MatchFilters(
        programme=request.args.get("programme") or None, deadline_before=deadline_before
    )


@bp.get("/companies/<int:company_id>/matches")
@login_required
def company(company_id: int):
    filters = _filters()
    current, working = matching.company_matches(db.session, current_user, company_id, filters)
    company = companies.get_company(db.session, current_user, company_id)
    return render_template(
        "matches/company.html",
        company=company,
        current=current,
        working=working,
        filters=filters,
        programmes=matching.programmes(db.session, company_id),
        **helpers(),
    )


@bp.get("/matches/<int:match_id>")
@login_required
def detail(match_id: int):
    match = matching.get_match(db.session, current_user, match_id)
    reasons = reasons_from_json(match.reasons)
    relevance = texts(r for r in reasons if r.code in RELEVANCE_CODES)
    other = texts(r for r in reasons if r.code not in RELEVANCE_CODES)
    explanation = matching.explain(
        db.session, current_user, match.company_id, match.call_id, today=date.today()
    )
    components = [(component_label(k), v) for k, v in (match.components or {}).items()]
    return render_template(
        "matches/detail.html",
        match=match,
        relevance=relevance,
        other=other,
        passed=texts(explanation.passed),
        failed=texts(explanation.failed),
        components=components,
        actions=ACTIONS,
        **helpers(),
    )


@bp.post("/matches/<int:match_id>/status")
@login_required
def set_status(match_id: int):
    require_csrf()
    try:
        matching.set_status(db.session, current_user, match_id, request.form.get("status", ""))
    except FieldError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("The match's status was changed."), "success")
    return redirect(url_for("matches.detail", match_id=match_id))


@bp.post("/matches/<int:match_id>/feedback")
@login_required
def feedback(match_id: int):
    require_csrf()
    label = request.form.get("label", "")
    try:
        match = matching.record_feedback(db.session, current_user, match_id, label)
    except FieldError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("matches.detail", match_id=match_id))
    flash(_("Thank you: the feedback improves the matches."), "success")
    if label == "not_relevant":
        return redirect(url_for("matches.company", company_id=match.company_id))
    return redirect(url_for("matches.detail", match_id=match_id))


@bp.get("/companies/<int:company_id>/calls/<int:call_id>/why")
@login_required
def why(company_id: int, call_id: int):
    """Why a call is, or is not, a match for the company ("why not" on request)."""
    company = companies.get_company(db.session, current_user, company_id)
    call = call_detail(db.session, current_user, call_id).call
    explanation = matching.explain(
        db.session, current_user, company_id, call_id, today=date.today()
    )
    return render_template(
        "matches/why.html",
        company=company,
        call=call,
        explanation=explanation,
        passed=texts(explanation.passed),
        failed=texts(explanation.failed),
        relevance=texts(explanation.relevance),
    )


@bp.get("/calls/<int:call_id>/check")
@login_required
def check(call_id: int):
    """Find a company by name or business ID and show why the call is or is not its match."""
    query = (request.args.get("q") or "").strip()
    found = companies.search_companies(db.session, current_user, query=query, per_page=1).items
    if not query or not found:
        flash(_("No company found."), "error")
        return redirect(url_for("funding.call", call_id=call_id) + "#matches-h")
    return redirect(url_for("matches.why", company_id=found[0].id, call_id=call_id))
