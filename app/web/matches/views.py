"""Pages of funding matches: a company's matches, one match's breakdown, staff acting on it, and
"why (not)" for any company and call. Lists and decisions come from ``services.matching_reads``
and ``services.matching``; here they are only rendered."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import authz, clock
from app.errors import FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.i18n import lazy_gettext as _l
from app.models.matches import MatchStatus
from app.presentation.reasons import (
    RELEVANCE_CODES,
    component_label,
    deadline_text,
    deadline_when,
    one_line,
    score_text,
    status_text,
    texts,
)
from app.services import companies, matches
from app.services.funding.calls import call_detail
from app.services.matches import check as matching_check
from app.services.matches import reads as matching_reads
from app.services.matches.reads import MatchFilters, MatchRow
from app.web.forms import require_csrf
from app.web.matches import bp
from app.web.redirects import safe_next

# the workflow steps staff take from the match page, in order, as (status, button text)
ACTIONS = (
    ("proposed", _l("Propose to the company")),
    ("applying", _l("Application started")),
    ("submitted", _l("Application submitted")),
    ("awarded", _l("Funding awarded")),
    ("not_awarded", _l("Not awarded")),
)


def helpers() -> dict[str, Any]:
    """What the match templates (and the call page's section) call to render a row."""
    today = clock.today()

    def line(row: MatchRow) -> str:
        return one_line(matching_reads.reasons_of(row.match), today=today,
                        deadline=deadline_text(row.deadline, today=today))

    return {"status_text": status_text, "one_line": line, "statuses": list(MatchStatus)}


def _back(default: str) -> str:
    """Where a button returns to: the page it was on (local paths only), else ``default``."""
    return safe_next(request.form.get("next"), default)


def company_section(company: Any, actor: Any) -> tuple[str, dict]:
    """The company page's section: the best few matches and those being worked on."""
    found = matching_reads.company_matches(db.session, actor, company.id, today=clock.today(),
                                           limit=5)
    return "matches/_company_section.html", {"found": found, **helpers()}


def _filters() -> MatchFilters:
    before = request.args.get("deadline_before") or ""
    try:
        deadline_before = date.fromisoformat(before) if before else None
    except ValueError:
        deadline_before = None
    return MatchFilters(programme=request.args.get("programme") or None,
                        deadline_before=deadline_before)


@bp.get("/companies/<int:company_id>/matches")
@login_required
def company(company_id: int):
    filters = _filters()
    found = matching_reads.company_matches(db.session, current_user, company_id, filters,
                                           today=clock.today())
    return render_template(
        "matches/company.html", found=found, company=found.company, filters=filters,
        programmes=matching_reads.programmes(db.session, current_user, company_id),
        **helpers())


@bp.get("/matches/<int:match_id>")
@login_required
def detail(match_id: int):
    today = clock.today()
    row = matching_reads.get_match(db.session, current_user, match_id, today=today)
    reasons = matching_reads.reasons_of(row.match)
    explanation = matching_reads.explain(db.session, current_user, row.match.company_id,
                                         row.match.call_id, today=today)
    return render_template(
        "matches/detail.html", row=row, match=row.match,
        relevance=texts((r for r in reasons if r.code in RELEVANCE_CODES), today=today),
        deadline=deadline_when(row.deadline, today=today),
        passed=texts(explanation.passed, today=today),
        failed=texts(explanation.failed, today=today),
        components=[(component_label(k), v) for k, v in (row.match.components or {}).items()],
        actions=ACTIONS, **helpers())


@bp.post("/matches/<int:match_id>/status")
@login_required
def set_status(match_id: int):
    require_csrf()
    try:
        match = matches.set_status(db.session, current_user, match_id,
                                   request.form.get("status", ""))
    except FieldError as exc:
        flash(str(exc.message), "error")
    else:
        if match.status is MatchStatus.PROPOSED and authz.can(
                current_user, "interaction.create", match.company):
            return _log_the_proposal(match)
        flash(_("The match's status was changed."), "success")
    return redirect(_back(url_for("matches.detail", match_id=match_id)))


def _log_the_proposal(match: Any) -> Any:
    """A call proposed to a company is a contact with it: open the Log a contact form with the
    proposal written in and a follow-up in two weeks filled in, for the user to check and save."""
    title = match.call.title
    flash(_("Proposed to the company. Log how you told them; a follow-up is filled in."),
          "success")
    return redirect(url_for(
        "engagement.new_interaction", company_id=match.company_id,
        summary=_("Proposed the funding call %(title)s to the company.", title=title),
        follow_up_title=_("Ask whether the company applies: %(title)s", title=title)[:200],
        follow_up_in=14))


@bp.post("/matches/<int:match_id>/feedback")
@login_required
def feedback(match_id: int):
    require_csrf()
    label = request.form.get("label", "")
    try:
        match = matches.record_feedback(db.session, current_user, match_id, label)
    except FieldError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("matches.detail", match_id=match_id))
    flash(_("Thank you: the feedback improves the matches."), "success")
    if label == "not_relevant":
        return redirect(url_for("matches.company", company_id=match.company_id))
    return redirect(_back(url_for("matches.detail", match_id=match_id)))


@bp.get("/companies/<int:company_id>/calls/<int:call_id>/why")
@login_required
def why(company_id: int, call_id: int):
    """Why a call is, or is not, a match for the company, and why the company is or is not on
    the call's list (the verdict and its numbers come from ``services.matching_check``)."""
    today = clock.today()
    call_detail(db.session, current_user, call_id)  # NotFound for a call the user cannot see
    found = matching_check.check_company(db.session, current_user, company_id, call_id,
                                         today=today)
    explanation = found.explanation
    return render_template(
        "matches/why.html", check=found, company=found.company, call=found.call,
        explanation=explanation, status_text=status_text, score_text=score_text,
        passed=texts(explanation.passed, today=today),
        failed=texts(explanation.failed, today=today),
        relevance=texts((r for r in explanation.relevance if r.code in RELEVANCE_CODES),
                        today=today))


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


@bp.get("/matches/learning")
@login_required
def learning():
    """The coordinators' view of feedback learning: which weights rank the matches, and why
    the last training's weights were or were not adopted (``services.matches``)."""
    state = matches.learning_state(db.session, current_user)
    return render_template("matches/learning.html", state=state, component_label=component_label)
