"""The table of the generated authorization test: how to call each route of the URL map and who
may, the bodies that make a write succeed, and the leaks still open.

Adding a route: add a line to ``ROUTES`` (``tests/web/test_authz_generated.py`` fails until you
do). If its URL takes a new argument, say in ``TOWN_ROWS``, ``PRIVATE_ROWS``, ``NETWORK_ROWS`` or
``FIXED_ARGS`` where its value comes from (and add the row to ``authz_world.build``).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tests.web.authz_world import ROLES, SEARCH_WORD, World, call_upload

# who may use a route (within their scope); the network coordinator may do everything
WHO: dict[str, frozenset[str]] = {
    "public": frozenset(ROLES),
    "all": frozenset({"staff", "city_admin", "viewer", "coordinator"}),
    "writers": frozenset({"staff", "city_admin", "coordinator"}),
    "admins": frozenset({"city_admin", "coordinator"}),
    "coordinator": frozenset({"coordinator"}),
}

Body = Callable[[World, str, str], dict[str, Any]]  # (world, town, role) -> form or JSON body


@dataclass(frozen=True)
class Probe:
    """How to call one route and who may: ``who`` is a key of WHO; ``body`` a valid body for a
    write; ``query`` added to the URL; ``rows`` picks another row kind for a URL argument;
    ``towns`` for routes whose rows come in the query; ``ok`` the statuses of success;
    ``writes`` False for a POST that only previews; ``skip`` says why a route is not probed;
    ``unchanged`` the towns where the request must change nothing for anyone (any status below
    500)."""

    who: str = "all"
    body: Body | None = None
    query: Callable[[World, str], str] | None = None
    rows: dict[str, str] = field(default_factory=dict)
    towns: tuple[str, ...] = ()
    ok: frozenset[int] | None = None
    writes: bool = True
    skip: str = ""
    unchanged: tuple[str, ...] = ()  # towns where even an allowed role must change nothing


def _company_form(w: World, town: str, role: str) -> dict[str, Any]:
    body = {"name": f"{SEARCH_WORD} Uusi Oy", "business_id": "2503806-4",
            "industry_code_set": "TOL2025", "size_class": "small"}
    if role == "coordinator":
        body["city_id"] = str(w.city_ids["own"])
    return body


def _edit_form(w: World, town: str, role: str) -> dict[str, Any]:
    return {"name": f"{SEARCH_WORD} Muutettu Oy", "business_id": w.business_ids[town],
            "industry_code_set": "TOL2025", "size_class": "micro"}


def _interaction_form(w: World, town: str, role: str) -> dict[str, Any]:
    return {"kind": "meeting", "occurred_on": date.today().isoformat(), "summary": "Tavattiin",
            "follow_up_assignee_id": ""}


def _assignee(w: World, town: str, role: str) -> dict[str, Any]:
    return {"assignee_id": str(w.users["coordinator" if town == "other" else "city_admin"])}


def _invite_form(w: World, town: str, role: str) -> dict[str, Any]:
    body = {"email": f"kutsuttu-{role}@example.test", "name": f"Kutsuttu {role}",
            "role": "staff", "ui_language": "fi"}
    if role == "coordinator":
        body["city"] = "981"
    return body


def _api_company(w: World, town: str, role: str) -> dict[str, Any]:
    body: dict[str, Any] = {"name": f"{SEARCH_WORD} Rajapinta Oy", "business_id": "3223148-7"}
    if role == "coordinator":
        body["city_id"] = w.city_ids["own"]
    return body


def _assign_owner(w: World, town: str, role: str) -> dict[str, Any]:
    return {"company_ids": str(w.rows[town]["company"]), "owner_id": str(w.users["city_admin"])}


def _bulk_tasks(w: World, town: str, role: str) -> dict[str, Any]:
    return {"task_ids": str(w.rows[town]["task"]), "action": "complete"}


def _flag(w: World, town: str, role: str) -> dict[str, Any]:
    return {"company_ids": str(w.rows[town]["company"]), "flag": "growth"}


def _selection(w: World, town: str, role: str) -> dict[str, Any]:
    return {"company_ids": str(w.rows[town]["company"])}


def _merge_query(w: World, town: str) -> str:
    return f"?a={w.rows[town]['company']}&b={w.rows[town]['company2']}"


def _merge_form(w: World, town: str, role: str) -> dict[str, Any]:
    return {"a": str(w.rows[town]["company"]), "b": str(w.rows[town]["company2"]),
            "keep": str(w.rows[town]["company"])}


def _upload(w: World, town: str, role: str) -> dict[str, Any]:
    body: dict[str, Any] = {"file": (io.BytesIO(w.import_csv), "lista.csv")}
    if role == "coordinator":
        body["city_id"] = str(w.city_ids["own"])
    return body


def _calls_file(w: World, town: str, role: str) -> dict[str, Any]:
    return {"file": (io.BytesIO(b"title;url\r\nHaku;https://example.org/h\r\n"), "haut.csv")}


def _decisions(w: World, town: str, role: str) -> dict[str, Any]:
    owner = role if town == "own" else "other_staff"
    return {f"row_{w.private[owner]['import_row']}": "skip", "page": "1", "show": "all"}


def _call_form(w: World, town: str, role: str) -> dict[str, Any]:
    return {"title": f"{SEARCH_WORD} uusi haku", "kind": "call", "status": "open",
            "is_continuous": "y"}


def _application_form(w: World, town: str, role: str) -> dict[str, Any]:
    return {"call_title": "Hakemus", "funding_level": "national", "role": "coordinator",
            "outcome": "pending", "amount_applied_eur": "50000"}


def _service_form(w: World, town: str, role: str) -> dict[str, Any]:
    body = {"category": "training", "name_fi": f"{SEARCH_WORD} palvelu", "provider": "Kaupunki",
            "languages": "fi", "is_published": "y", "url": "https://example.org/palvelu"}
    if role == "coordinator":
        body["city_id"] = str(w.city_ids["own"])
    return body


def _ecosystem_form(w: World, town: str, role: str) -> dict[str, Any]:
    body = {"name": f"{SEARCH_WORD} ekosysteemi", "themes": "hydrogen"}
    if role == "coordinator":
        body["city_id"] = str(w.city_ids["own"])
    return body


def _project_form(w: World, town: str, role: str) -> dict[str, Any]:
    body = {"name": f"{SEARCH_WORD} hanke", "status": "running", "budget_eur": "1000"}
    if role == "coordinator":
        body["city_id"] = str(w.city_ids["own"])
    return body


def _lesson_form(w: World, town: str, role: str) -> dict[str, Any]:
    return {"title": "Opetus", "kind": "failure", "result": "Ei toiminut"}


def _course_form(w: World, town: str, role: str) -> dict[str, Any]:
    return {"title": "Kurssi", "url": "https://example.org/kurssi", "language": "fi",
            "partner_id": str(w.network["partner"]),
            "format": "online", "self_paced": "y"}


def _highlight_form(w: World, town: str, role: str) -> dict[str, Any]:
    return {"city_id": str(w.city_ids["own"])} if role == "coordinator" else {}


def _partner_form(w: World, town: str, role: str) -> dict[str, Any]:
    return {"name": "Muutettu oppilaitos", "kind": "uas"}


def _course_file(w: World, town: str, role: str) -> dict[str, Any]:
    data = b"title;url\r\nTiedostokurssi;https://example.org/t\r\n"
    return {"file": (io.BytesIO(data), "kurssit.csv")}


def _person_form(w: World, town: str, role: str) -> dict[str, Any]:
    body = {"role": "deputy", "name": "Muutettu Henkilö", "topics": "kiertotalous"}
    if role == "coordinator":
        body["city_id"] = str(w.city_ids["own"])
    return body


def _form(**values: str) -> Body:
    return lambda w, town, role: dict(values)


SEARCH = lambda w, town: f"?q={SEARCH_WORD}"  # noqa: E731

# (endpoint, method) -> how to probe it. A new route fails the test until it is listed here.
ROUTES: dict[tuple[str, str], Probe] = {
    # sign-in and static files
    ("auth.login", "GET"): Probe("public", ok=frozenset({200, 302})),  # signed in: home
    ("auth.login", "POST"): Probe("public", skip="signing in is tested in tests/web/test_auth.py"),
    ("auth.logout", "POST"): Probe("all", ok=frozenset({302}), writes=False),
    # a user's own sessions and password (only ever their own: tests/web/test_sessions.py)
    ("auth.account_sessions", "GET"): Probe("all"),
    ("auth.change_password", "GET"): Probe("all"),
    ("auth.change_password", "POST"): Probe(
        "all", skip="ends the user's other sessions: tests/web/test_sessions.py"),
    ("auth.end_other_sessions", "POST"): Probe(
        "all", skip="ends the user's other sessions: tests/web/test_sessions.py"),
    ("auth.end_session", "POST"): Probe(
        "all", skip="another user's session is 404: tests/web/test_sessions.py"),
    ("auth.language", "POST"): Probe("public", body=_form(language="en", next="/"),
                                     ok=frozenset({302}), writes=False),
    ("static", "GET"): Probe("public"),
    ("api-docs.openapi_json", "GET"): Probe("public"),
    ("api_docs.docs", "GET"): Probe("public"),  # the interactive reference of that document
    # companies
    ("companies.home", "GET"): Probe("all", query=SEARCH),
    ("companies.export", "GET"): Probe("all", query=SEARCH),
    ("companies.detail", "GET"): Probe("all"),
    ("companies.new", "GET"): Probe("writers"),
    ("companies.new", "POST"): Probe("writers", body=_company_form),
    ("companies.edit", "GET"): Probe("writers"),
    ("companies.edit", "POST"): Probe("writers", body=_edit_form),
    ("companies.duplicates", "GET"): Probe("writers"),
    # own + shared crosses towns: the page refuses town staff (403) and asks the coordinator
    ("companies.merge", "GET"): Probe("writers", query=_merge_query,
                                      towns=("own", "other", "shared"), unchanged=("shared",)),
    # own + shared is a merge across towns: never silently (refused, or confirmed first)
    ("companies.merge", "POST"): Probe("writers", body=_merge_form,
                                       towns=("own", "other", "shared"), unchanged=("shared",)),
    # the list's bulk owner change: the companies come in the body (another town's: REFERENCES)
    ("companies.assign_owner", "POST"): Probe("writers", body=_assign_owner, towns=("own", "shared"),
                                              ok=frozenset({302})),
    # the list's bulk flag and the export of the chosen companies (others' ids: REFERENCES)
    ("companies.flag_companies", "POST"): Probe("writers", body=_flag, towns=("own", "shared"),
                                                ok=frozenset({302})),
    ("companies.export_selection", "POST"): Probe("all", body=_selection, towns=("own", "shared"),
                                                  ok=frozenset({200}), writes=False),
    ("companies.save_search", "POST"): Probe("all", body=_form(name="Uusi haku", query="q=a")),
    ("companies.delete_search", "POST"): Probe("all"),
    ("engagement.suggest", "GET"): Probe("writers", query=SEARCH),
    ("engagement.log", "GET"): Probe("writers", query=SEARCH),
    # contacts
    ("contacts.new", "GET"): Probe("writers"),
    ("contacts.new", "POST"): Probe("writers", body=_form(first_name="Uusi", last_name="Ihminen")),
    ("contacts.edit", "GET"): Probe("writers"),
    ("contacts.edit", "POST"): Probe("writers", body=_form(first_name="Muutettu", last_name="X")),
    ("contacts.erase", "GET"): Probe("admins"),
    ("contacts.erase", "POST"): Probe("admins"),
    ("contacts.export", "GET"): Probe("writers"),
    ("contacts.stale", "GET"): Probe("admins"),
    # interactions and tasks
    ("engagement.new_interaction", "GET"): Probe("writers"),
    ("engagement.new_interaction", "POST"): Probe("writers", body=_interaction_form),
    ("engagement.new_task", "GET"): Probe("writers"),
    ("engagement.new_task", "POST"): Probe("writers", body=_form(title="Soita", assignee_id="")),
    ("engagement.tasks", "GET"): Probe("all", query=lambda w, t: "?view=town"),
    ("engagement.task_ics", "GET"): Probe("all"),
    ("engagement.complete", "POST"): Probe("writers"),
    ("engagement.reopen", "POST"): Probe("writers", rows={"task_id": "done_task"}),
    ("engagement.reschedule", "POST"): Probe(
        "writers", body=lambda w, t, r: {"due_on": (date.today() + timedelta(9)).isoformat()}),
    ("engagement.reassign", "POST"): Probe("writers", body=_assignee),
    # the task list's bulk actions: the tasks come in the body (another town's: REFERENCES)
    ("engagement.bulk_tasks", "POST"): Probe("writers", body=_bulk_tasks, towns=("own", "shared"),
                                             ok=frozenset({302})),
    # matches
    ("matches.company", "GET"): Probe("all"),
    ("matches.detail", "GET"): Probe("all"),
    ("matches.why", "GET"): Probe("all"),
    ("matches.check", "GET"): Probe("all", query=SEARCH, ok=frozenset({302})),
    ("matches.set_status", "POST"): Probe("writers", body=_form(status="proposed")),
    ("matches.feedback", "POST"): Probe("writers", body=_form(label="relevant")),
    # a consortium call's suggestion reaches another town's company on purpose (name and town
    # only); who may ask, and that nothing else leaks: tests/web/test_call_partners.py
    ("matches.contact_owner", "GET"): Probe(
        "writers", skip="crosses towns by design; tests/web/test_call_partners.py"),
    ("matches.contact_owner", "POST"): Probe(
        "writers", skip="crosses towns by design; tests/web/test_call_partners.py"),
    ("matches.learning", "GET"): Probe("coordinator"),
    # audit
    ("audit.log", "GET"): Probe("admins"),
    ("audit.undo_merge", "POST"): Probe("writers", towns=("own", "other")),
    # funding calls and sources (network-wide)
    ("funding.calls", "GET"): Probe("all", query=SEARCH),
    ("funding.call", "GET"): Probe("all"),
    ("funding.call_ics", "GET"): Probe("all"),
    ("funding.new_call", "GET"): Probe("coordinator"),
    ("funding.new_call", "POST"): Probe("coordinator", body=_call_form),
    ("funding.edit_call", "GET"): Probe("coordinator"),
    ("funding.edit_call", "POST"): Probe("coordinator", body=_call_form),
    ("funding.import_calls", "GET"): Probe("coordinator"),
    ("funding.import_calls", "POST"): Probe("coordinator", body=_calls_file, ok=frozenset({200}),
                                            writes=False),
    ("funding.import_commit", "POST"): Probe("coordinator", body=lambda w, t, r: call_upload(w)),
    ("funding.sources", "GET"): Probe("coordinator"),
    ("funding.edit_source", "GET"): Probe("coordinator"),
    ("funding.edit_source", "POST"): Probe("coordinator", body=_form(url="https://example.org/",
                                                                      schedule="")),
    ("funding.toggle_source", "POST"): Probe("coordinator"),
    ("funding.run_now", "POST"): Probe("coordinator", body=_form(source_id="")),
    ("funding.job_status", "GET"): Probe("coordinator"),
    # company-list imports (each user's own)
    ("imports.start", "GET"): Probe("writers"),
    ("imports.start", "POST"): Probe("writers", body=_upload),
    ("imports.mapping", "GET"): Probe("writers"),
    ("imports.mapping", "POST"): Probe("writers", body=_form(col_0="business_id", col_1="name",
                                                             code_set="TOL2025")),
    ("imports.detail", "GET"): Probe("writers"),
    ("imports.status", "GET"): Probe("writers"),
    ("imports.decisions", "POST"): Probe("writers", body=_decisions),
    ("imports.decide_all", "POST"): Probe("writers", body=_form(outcome="error", decision="skip")),
    ("imports.delete", "POST"): Probe("writers"),
    # the JSON API
    ("api_companies.list_companies", "GET"): Probe("all", query=SEARCH),
    ("api_companies.get_company", "GET"): Probe("all"),
    ("api_companies.create_company", "POST"): Probe("writers", body=_api_company),
    ("api_companies.update_company", "PATCH"): Probe(
        "writers", body=lambda w, t, r: {"website": "https://muutettu.example"}),
    ("api_engagement.log_interaction", "POST"): Probe("writers", body=lambda w, t, r: {
        "kind": "phone", "occurred_on": date.today().isoformat(), "summary": "Soitettiin"}),
    ("api_engagement.list_tasks", "GET"): Probe("all", query=lambda w, t: "?view=town"),
    ("api_matches.company_matches", "GET"): Probe("all"),
    ("api_matches.call_matches", "GET"): Probe("all"),
    ("api_matches.call_partner_suggestions", "GET"): Probe("all"),
    ("api_calls.list_calls", "GET"): Probe("all"),
    ("api_calls.get_call", "GET"): Probe("all"),
    # applications for funding (a partner's town reads them too: tests/services/benefits)
    ("benefits.applications", "GET"): Probe("all"),
    ("benefits.application", "GET"): Probe("all"),
    ("benefits.from_match", "GET"): Probe("writers"),
    ("benefits.from_match", "POST"): Probe("writers", body=_application_form),
    ("benefits.new", "GET"): Probe("writers"),
    ("benefits.new", "POST"): Probe("writers", body=_application_form),
    ("benefits.edit", "GET"): Probe("writers"),
    ("benefits.edit", "POST"): Probe("writers", body=_application_form),
    # the benefits dashboard (aggregates: own town or the network), its report, the public page
    ("benefits.start", "GET"): Probe("all"),
    ("benefits.dashboard", "GET"): Probe("all"),
    ("benefits.report", "GET"): Probe("all"),
    ("benefits.public", "GET"): Probe("public"),
    ("api_applications.list_applications", "GET"): Probe("all"),
    ("api_applications.get_application", "GET"): Probe("all"),
    ("api_applications.create_application", "POST"): Probe("writers", body=lambda w, t, r: {
        "company_id": w.rows["own"]["company"], "call_title": "Rajapintahaku"}),
    ("api_applications.update_application", "PUT"): Probe("writers", body=lambda w, t, r: {
        "call_title": "Muutettu haku", "amount_applied_eur": "1000"}),
    # the weekly digest: each user's own preferences and preview; the unsubscribe link works
    # without signing in, with a signed token only (an unsigned one is 404 for everyone)
    ("digest.preferences", "GET"): Probe("all"),
    ("digest.preferences", "POST"): Probe("all", body=_form(
        enabled="y", weekday="2", hour="8", language="fi", min_score="40", scope="own"),
        ok=frozenset({302})),
    ("digest.preview", "GET"): Probe("all"),
    ("digest.preview_html", "GET"): Probe("all"),
    ("digest.retry", "POST"): Probe(
        "admins", skip="another town's digest is 404: tests/web/test_digest.py"),
    ("digest.unsubscribe_confirm", "GET"): Probe("public", ok=frozenset({404})),
    ("digest.unsubscribe", "POST"): Probe("public", ok=frozenset({404}), writes=False),
    # the pipeline (every world company starts on the board in its first stage)
    ("pipeline.board", "GET"): Probe("all"),
    ("pipeline.stalled", "GET"): Probe("all"),
    ("pipeline.move", "POST"): Probe("writers", body=_form(stage="first_contact"),
                                     ok=frozenset({303})),
    ("pipeline.park", "GET"): Probe("writers"),
    ("pipeline.park", "POST"): Probe("writers", body=_form(reason="Ei nyt"), ok=frozenset({303})),
    ("pipeline.review", "GET"): Probe("all"),
    ("pipeline.funnel", "GET"): Probe("all"),
    ("pipeline.signals", "GET"): Probe("all"),
    ("pipeline.stages", "GET"): Probe("coordinator"),
    ("pipeline.stages", "POST"): Probe("coordinator", body=_form(
        key="first_contact", name_fi="Ensitapaaminen", name_en="First meeting",
        stalled_after_days="21"), ok=frozenset({303})),
    ("pipeline.stage_new", "POST"): Probe("coordinator", body=_form(**{
        "new-name_fi": "Jatkokehitys", "new-name_en": "Further development",
        "new-stalled_after_days": "45"}), ok=frozenset({303})),
    ("pipeline.stage_order", "POST"): Probe("coordinator", body=_form(
        key="first_contact", direction="down"), ok=frozenset({303})),
    ("pipeline.stage_delete", "POST"): Probe("coordinator", body=_form(key="funded"),
                                             ok=frozenset({303})),
    ("pipeline.thresholds", "GET"): Probe("coordinator"),
    ("pipeline.thresholds", "POST"): Probe("coordinator", body=_form(
        high_growth="3", high_anchor="2", employee_growth_pct="10", turnover_growth_pct="15",
        growth_span_years="3", export_share_pct="20", growth_min_employees="5",
        anchor_employees="50", anchor_top_share="10", anchor_industry_share="15",
        growth_topics="kasvu", rdi_words="t&k", export_words="vienti"), ok=frozenset({303})),
    ("pipeline.figures_edit", "GET"): Probe("writers"),
    ("pipeline.figures_edit", "POST"): Probe("writers", body=_form(**{
        "rows-0-year": "2024", "rows-0-employees": "12", "rows-0-turnover_eur": "1 200 000"}),
        ok=frozenset({303})),
    ("api_companies.put_figures", "PUT"): Probe("writers", body=lambda w, t, r: {
        "years": [{"year": 2024, "employees": 12, "turnover_eur": "1200000"}]}),
    ("api_pipeline.park_company", "POST"): Probe("writers", body=lambda w, t, r: {
        "reason": "Ei nyt"}, ok=frozenset({200})),
    # the world's companies are on the board, not parked: a writer reaches the use case (422)
    ("api_pipeline.unpark_company", "POST"): Probe("writers", body=lambda w, t, r: {},
                                                   ok=frozenset({422}), writes=False),
    ("pipeline.review_export", "GET"): Probe(
        "all", skip="a binary .xlsx body: tests/web/test_pipeline_review.py (same scope as review)"),
    ("api_pipeline.list_stages", "GET"): Probe("all"),
    ("api_pipeline.move_company", "POST"): Probe(
        "writers", body=_form(stage="first_contact", expected_stage="identified"),
        ok=frozenset({200})),
    # the R&D&I directory: a town's admins keep its services and people (another town's: 404)
    ("directory.services", "GET"): Probe("all"),
    ("directory.new_service", "GET"): Probe("admins"),
    ("directory.new_service", "POST"): Probe("admins", body=_service_form),
    ("directory.edit_service", "GET"): Probe("admins", towns=("own", "other")),
    ("directory.edit_service", "POST"): Probe("admins", body=_service_form,
                                              towns=("own", "other")),
    ("directory.delete_service", "POST"): Probe("admins", towns=("own", "other")),
    ("directory.people", "GET"): Probe("all"),
    ("directory.new_person", "GET"): Probe("admins"),
    ("directory.new_person", "POST"): Probe("admins", body=_person_form),
    ("directory.edit_person", "GET"): Probe("admins", towns=("own", "other")),
    ("directory.edit_person", "POST"): Probe("admins", body=_person_form, towns=("own", "other")),
    ("directory.delete_person", "POST"): Probe("admins", towns=("own", "other")),
    # ... and its public side: no sign-in, never the other town's draft (it carries OTHER_MARK)
    ("directory.public_services", "GET"): Probe("public", query=lambda w, t: "?q=Palvelu"),
    ("directory.public_people", "GET"): Probe("public"),
    ("embed.public_services", "GET"): Probe("public"),
    ("embed.services_js", "GET"): Probe("public"),
    ("embed.services_frame", "GET"): Probe("public", query=lambda w, t: "?city=982"),
    # people: a coordinator manages every user, a town admin their town's (another town's: 404)
    ("people.index", "GET"): Probe("admins"),
    ("people.invite", "GET"): Probe("admins"),
    ("people.invite", "POST"): Probe("admins", body=_invite_form, ok=frozenset({200})),
    ("people.person", "GET"): Probe("admins", towns=("own", "other")),
    ("people.change_role", "POST"): Probe(
        "admins", skip="ends the target's sessions: tests/web/test_people.py"),
    ("people.set_active", "POST"): Probe(
        "admins", skip="ends the target's sessions: tests/web/test_people.py"),
    ("people.reset_password", "POST"): Probe(
        "admins", skip="ends the target's sessions: tests/web/test_people.py"),
    ("people.accept", "GET"): Probe("public", ok=frozenset({404})),
    ("people.accept", "POST"): Probe(
        "public", skip="a one-use link: tests/web/test_people.py"),
    ("people.tokens", "GET"): Probe("all"),
    ("people.tokens", "POST"): Probe("all", body=_form(name="Raportti", days="30"),
                                     ok=frozenset({200})),
    ("people.revoke_token", "POST"): Probe(
        "all", skip="another user's token is 404: tests/web/test_people.py"),
    ("people.towns", "GET"): Probe("coordinator"),
    ("people.towns", "POST"): Probe("coordinator", body=_form(code="091")),
    ("people.end_town", "POST"): Probe(
        "coordinator", skip="ends a town's membership: tests/web/test_people.py"),
    # the network page: everyone reads it, the coordinator runs it, town admins add town goals
    ("network.index", "GET"): Probe("all"),
    ("network.set_chair", "POST"): Probe("coordinator", body=lambda w, t, r: {
        "city_id": str(w.city_ids["own"]), "starts_on": "2030-01-01"}),
    ("network.add_goal", "POST"): Probe("admins", body=lambda w, t, r: {
        "city_id": str(w.city_ids["own"]), "title": "Tavoite", "target_year": "2027"}),
    ("network.set_cycle", "POST"): Probe("coordinator", body=_form(text="Kuukausittain")),
    ("network.meetings", "GET"): Probe("all", query=lambda w, t: "?q=kokous"),
    ("network.new_meeting", "GET"): Probe("coordinator"),
    ("network.new_meeting", "POST"): Probe("coordinator", body=_form(
        title="Verkostokokous", starts_at="2030-02-01T10:00")),
    ("network.meeting", "GET"): Probe("all"),
    ("network.meeting_ics", "GET"): Probe("all"),
    ("network.edit_meeting", "GET"): Probe("coordinator"),
    ("network.edit_meeting", "POST"): Probe("coordinator", body=_form(
        title="Verkostokokous", starts_at="2030-02-01T10:00", ends_at="2030-02-01T12:00")),
    ("network.add_decision", "POST"): Probe("coordinator", body=lambda w, t, r: {
        "text": "Päätös", "owner_city_id": str(w.city_ids["own"])}),
    ("network.follow_up", "POST"): Probe(
        "admins", skip="the owner town's admins only: tests/web/test_network.py"),
    # ecosystems and projects: their towns' (the "shared" ones are the other town's, spanning
    # the own town); lessons: the network's, kept by the author's town (``lesson`` is the own
    # town's shared lesson; the other town's kept lesson must never show)
    ("ecosystems.ecosystems", "GET"): Probe("all"),
    ("ecosystems.ecosystem", "GET"): Probe("all"),
    ("ecosystems.new_ecosystem", "GET"): Probe("writers"),
    ("ecosystems.new_ecosystem", "POST"): Probe("writers", body=_ecosystem_form),
    ("ecosystems.edit_ecosystem", "GET"): Probe("writers"),
    ("ecosystems.edit_ecosystem", "POST"): Probe("writers", body=_ecosystem_form),
    ("ecosystems.delete_ecosystem", "POST"): Probe("writers"),
    ("ecosystems.projects", "GET"): Probe("all"),
    ("ecosystems.project", "GET"): Probe("all"),
    ("ecosystems.new_project", "GET"): Probe("writers"),
    ("ecosystems.new_project", "POST"): Probe("writers", body=_project_form),
    ("ecosystems.edit_project", "GET"): Probe("writers"),
    ("ecosystems.edit_project", "POST"): Probe("writers", body=_project_form),
    ("ecosystems.delete_project", "POST"): Probe("writers"),
    ("ecosystems.project_from_application", "POST"): Probe(
        "writers", ok=frozenset({302}), skip="needs an awarded application; "
        "tests/services/test_ecosystems.py covers its scoping"),
    ("ecosystems.lessons", "GET"): Probe("all", query=lambda w, t: "?q=Opetus"),
    ("ecosystems.lesson", "GET"): Probe("all"),
    ("ecosystems.new_lesson", "GET"): Probe("writers"),
    ("ecosystems.new_lesson", "POST"): Probe("writers", body=_lesson_form),
    ("ecosystems.edit_lesson", "GET"): Probe("writers"),
    ("ecosystems.edit_lesson", "POST"): Probe("writers", body=_lesson_form),
    ("ecosystems.delete_lesson", "POST"): Probe("writers"),
    ("ecosystems.helped", "POST"): Probe("all"),
    ("ecosystems.search", "GET"): Probe("all", query=lambda w, t: f"?q={SEARCH_WORD}"),
    # the course portal: public; the coordinator keeps partners and courses
    ("ecosystems.courses", "GET"): Probe("public", query=lambda w, t: "?q=Kurssi"),
    ("ecosystems.manage_courses", "GET"): Probe("admins"),
    ("ecosystems.new_course", "GET"): Probe("coordinator"),
    ("ecosystems.new_course", "POST"): Probe("coordinator", body=_course_form),
    ("ecosystems.edit_course", "GET"): Probe("coordinator"),
    ("ecosystems.edit_course", "POST"): Probe("coordinator", body=_course_form),
    ("ecosystems.delete_course", "POST"): Probe("coordinator"),
    ("ecosystems.highlight_course", "POST"): Probe("admins", body=_highlight_form),
    ("ecosystems.new_partner", "GET"): Probe("coordinator"),
    ("ecosystems.new_partner", "POST"): Probe("coordinator", body=_partner_form),
    ("ecosystems.edit_partner", "GET"): Probe("coordinator"),
    ("ecosystems.edit_partner", "POST"): Probe("coordinator", body=_partner_form),
    ("ecosystems.import_partner_feed", "POST"): Probe(
        "coordinator", skip="reads the partner's feed over the network; "
        "tests/web/test_courses.py runs it on a saved payload"),
    ("ecosystems.upload_courses", "GET"): Probe("coordinator"),
    ("ecosystems.upload_courses", "POST"): Probe("coordinator", body=_course_file),
    ("api_ecosystems.list_ecosystems", "GET"): Probe("all"),
    ("api_ecosystems.get_ecosystem", "GET"): Probe("all"),
    ("api_ecosystems.list_projects", "GET"): Probe("all"),
    ("api_ecosystems.get_project", "GET"): Probe("all"),
    ("api_ecosystems.list_lessons", "GET"): Probe("all", query=lambda w, t: "?q=Opetus"),
    ("api_ecosystems.get_lesson", "GET"): Probe("all"),
    ("api_ecosystems.create_lesson", "POST"): Probe("writers", body=_lesson_form),
    ("api_ecosystems.list_courses", "GET"): Probe("all", query=lambda w, t: "?q=Kurssi"),
    ("api_ecosystems.network_search", "GET"): Probe(
        "all", query=lambda w, t: f"?q={SEARCH_WORD}"),
}

# URL argument -> where its value comes from: a town's row, a user's own row, or a network row
TOWN_ROWS = {"company_id": "company", "contact_id": "contact", "task_id": "task",
             "match_id": "match", "event_id": "merge_event", "application_id": "application",
             "service_id": "service", "person_id": "person", "user_id": "user",
             "ecosystem_id": "ecosystem", "project_id": "project"}
PRIVATE_ROWS = {"import_id": "import", "filter_id": "saved_filter"}
NETWORK_ROWS = {"call_id": "call", "source_id": "source", "job_id": "job",
                "meeting_id": "meeting", "decision_id": "decision", "lesson_id": "lesson",
                "course_id": "course", "partner_id": "partner"}
# session_id: its only route (ending a session) is not probed, as it would sign the role out
FIXED_ARGS = {"fmt": "csv", "filename": "css/veturi.css", "session_id": 1, "digest_id": 1,
              "token": "not-a-signed-token", "key": "not-an-invitation-key", "token_id": 1,
              "code": "981"}

# Known leaks being fixed elsewhere: "endpoint METHOD role town". Empty it when the fix lands.
KNOWN_OPEN: set[str] = set()

# VETURI_AUTHZ_KNOWN=1 runs the KNOWN_OPEN cases too (to see them fail, or pass after a fix)
KNOWN = os.environ.get("VETURI_AUTHZ_KNOWN") == "1"

# Requests that name another town's rows in their body or query:
# (name, endpoint, method, town of the URL, body(world)) - each must show and change nothing
REFERENCES: list[tuple[str, str, str, str, Callable[[World], dict[str, Any]]]] = [
    ("api-owner", "api_companies.create_company", "POST", "-", lambda w: {
        "name": "Omistaja Oy", "owner_id": w.users["other_staff"]}),
    ("api-town", "api_companies.create_company", "POST", "-", lambda w: {
        "name": "Kaupunki Oy", "city_id": w.city_ids["other"]}),
    ("api-duplicate-business-id", "api_companies.create_company", "POST", "-", lambda w: {
        "name": "Kaksoisolento Oy", "business_id": w.business_ids["other"]}),
    ("api-participant", "api_engagement.log_interaction", "POST", "own", lambda w: {
        "kind": "phone", "occurred_on": date.today().isoformat(), "summary": "x",
        "staff_ids": [w.users["other_staff"]]}),
    ("api-contact", "api_engagement.log_interaction", "POST", "own", lambda w: {
        "kind": "phone", "occurred_on": date.today().isoformat(), "summary": "x",
        "contact_ids": [w.rows["other"]["contact"]]}),
    ("api-follow-up-assignee", "api_engagement.log_interaction", "POST", "own", lambda w: {
        "kind": "phone", "occurred_on": date.today().isoformat(), "summary": "x",
        "follow_up": {"title": "Soita", "assignee_id": w.users["other_staff"]}}),
    ("web-participant", "engagement.new_interaction", "POST", "own", lambda w: {
        **_interaction_form(w, "own", "staff"), "staff_ids": str(w.users["other_staff"])}),
    ("web-contact", "engagement.new_interaction", "POST", "own", lambda w: {
        **_interaction_form(w, "own", "staff"), "contact_ids": str(w.rows["other"]["contact"])}),
    ("web-follow-up-assignee", "engagement.new_interaction", "POST", "own", lambda w: {
        **_interaction_form(w, "own", "staff"), "follow_up_title": "Soita",
        "follow_up_assignee_id": str(w.users["other_staff"])}),
    ("web-task-assignee", "engagement.new_task", "POST", "own", lambda w: {
        "title": "Soita", "assignee_id": str(w.users["other_staff"])}),
    ("web-reassign", "engagement.reassign", "POST", "own", lambda w: {
        "assignee_id": str(w.users["other_staff"])}),
    ("web-duplicate-business-id", "companies.new", "POST", "-", lambda w: {
        "name": "Kaksoisolento Oy", "business_id": w.business_ids["other"],
        "industry_code_set": "TOL2025", "size_class": ""}),
    ("web-merge-other", "companies.merge", "POST", "own", lambda w: {
        "a": str(w.rows["own"]["company"]), "b": str(w.rows["other"]["company"]),
        "keep": str(w.rows["own"]["company"])}),
    ("web-assign-owner-other-company", "companies.assign_owner", "POST", "-", lambda w: {
        "company_ids": str(w.rows["other"]["company"]), "owner_id": str(w.users["staff"])}),
    ("web-bulk-tasks-other-town", "engagement.bulk_tasks", "POST", "-", lambda w: {
        "task_ids": str(w.rows["other"]["task"]), "action": "complete"}),
    ("web-bulk-reassign-other-user", "engagement.bulk_tasks", "POST", "-", lambda w: {
        "task_ids": str(w.rows["own"]["task"]), "action": "reassign",
        "assignee_id": str(w.users["other_staff"])}),
    ("web-flag-other-company", "companies.flag_companies", "POST", "-", lambda w: {
        "company_ids": str(w.rows["other"]["company"]), "flag": "anchor"}),
    ("web-export-selection-other-company", "companies.export_selection", "POST", "-", lambda w: {
        "company_ids": [str(w.rows["own"]["company"]), str(w.rows["other"]["company"])]}),
    ("web-assign-owner-other-user", "companies.assign_owner", "POST", "-", lambda w: {
        "company_ids": str(w.rows["own"]["company"]), "owner_id": str(w.users["other_staff"])}),
    ("api-patch-owner", "api_companies.update_company", "PATCH", "own", lambda w: {
        "owner_id": w.users["other_staff"]}),
    # reads whose filters name the other town's rows (the body goes into the query string)
    ("list-owner-filter", "companies.home", "GET", "-", lambda w: {
        "owner": str(w.users["other_staff"])}),
    ("list-town-filter", "companies.home", "GET", "-", lambda w: {
        "city_id": str(w.city_ids["other"])}),
    ("export-town-filter", "companies.export", "GET", "-", lambda w: {
        "city_id": str(w.city_ids["other"]), "owner": str(w.users["other_staff"])}),
    ("list-business-id", "companies.home", "GET", "-", lambda w: {
        "q": w.business_ids["other"]}),
    ("suggest-business-id", "engagement.suggest", "GET", "-", lambda w: {
        "q": w.business_ids["other"]}),
    ("log-business-id", "engagement.log", "GET", "-", lambda w: {"q": w.business_ids["other"]}),
    ("check-business-id", "matches.check", "GET", "-", lambda w: {"q": w.business_ids["other"]}),
    ("api-application-other-match", "api_applications.create_application", "POST", "-",
     lambda w: {"match_id": w.rows["other"]["match"]}),
    ("api-application-other-company", "api_applications.create_application", "POST", "-",
     lambda w: {"company_id": w.rows["other"]["company"], "call_title": "x"}),
    ("api-application-other-partner", "api_applications.create_application", "POST", "-",
     lambda w: {"company_id": w.rows["own"]["company"], "call_title": "x",
                "partners": [str(w.rows["other"]["company"])]}),
    ("api-applications-other-company", "api_applications.list_applications", "GET", "-",
     lambda w: {"company_id": str(w.rows["other"]["company"])}),
    ("start-other-town", "benefits.start", "GET", "-", lambda w: {
        "town": str(w.city_ids["other"])}),
    ("benefits-other-town", "benefits.dashboard", "GET", "-", lambda w: {
        "town": str(w.city_ids["other"])}),
    ("benefits-report-other-town", "benefits.report", "GET", "-", lambda w: {
        "town": str(w.city_ids["other"])}),
    ("api-business-id", "api_companies.list_companies", "GET", "-", lambda w: {
        "q": w.business_ids["other"]}),
    ("audit-user-filter", "audit.log", "GET", "-", lambda w: {
        "user_id": str(w.users["other_staff"])}),
    ("audit-row-filter", "audit.log", "GET", "-", lambda w: {
        "entity": "company", "entity_id": w.secret_ids["company"]}),
    ("tasks-view-town", "engagement.tasks", "GET", "-", lambda w: {"view": "town"}),
]

# Known leaks being fixed elsewhere: "name role". Empty it when the fix lands.
KNOWN_OPEN_REFERENCES: set[str] = set()

