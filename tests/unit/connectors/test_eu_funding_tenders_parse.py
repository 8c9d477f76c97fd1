"""Parsing the saved SEDIA search page, facet labels and budget overviews (no network)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from connectors.errors import SourceFormatError
from connectors.eu_ft_budget import parse_budget_overview
from connectors.eu_ft_dates import BRUSSELS
from connectors.eu_ft_labels import parse_facet_labels
from connectors.eu_funding_tenders import parse_item, parse_search_page
from tests.unit.connectors.saved_payloads import (
    eu_centricity_item,
    eu_envelope,
    eu_facet_api_response,
    eu_facets_fixture,
    eu_search_page,
)

# Between the capture's latest opening (2026-04-23) and the next one (2026-08-25): the
# date-derived state of every current row equals its API status (NOTES.md §5.2).
TODAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def labels():
    return parse_facet_labels(eu_facets_fixture())


@pytest.fixture(scope="module")
def calls(labels):
    result = parse_search_page(eu_search_page(), today=TODAY, labels=labels)
    assert result.problems == () and result.complete
    return {call.source_id: call for call in result.calls}


def test_nine_rows_give_eight_unique_calls_in_page_order(labels):
    result = parse_search_page(eu_search_page(), today=TODAY, labels=labels)
    assert [c.source_id for c in result.calls] == [
        "HORIZON-MISS-2027-05-SOIL-01-two-stage",
        "HORIZON-CL2-2024-TRANSFORMATIONS-01-08",
        "HORIZON-CL4-2027-04-DIGITAL-EMERGING-10",
        "HORIZON-CL5-2027-03-D5-05",
        "HORIZON-CL6-2026-04-GOVERNANCE-01",
        "HORIZON-CL3-2026-02-CS-ECCC-01",
        "HORIZON-JU-CBE-2026-IAFlag-02",
        "HORIZON-INFRA-2024-EOSC-01-03",  # rows 7 and 8 are the same topic
    ]


def test_governance_topic_fields(calls):
    call = calls["HORIZON-CL6-2026-04-GOVERNANCE-01"]
    assert call.source == "eu-ft"
    assert call.title == "Additional activities for the European Partnership of Agriculture of Data"
    assert call.call_identifier == "HORIZON-CL6-2026-04"
    assert call.topic_identifier == "HORIZON-CL6-2026-04-GOVERNANCE-01"
    assert call.programme == "Horizon Europe (HORIZON)"
    assert call.type_of_action == "HORIZON Programme Cofund Actions"
    assert call.opening_date == date(2026, 8, 25)
    assert call.deadlines == (datetime(2026, 11, 26, 17, 0, tzinfo=BRUSSELS),)
    assert call.deadlines[0].utcoffset() == timedelta(hours=1)
    assert call.status == "forthcoming"
    assert call.budget_eur == Decimal("60000000")
    assert call.language == "en"
    assert call.kind == "call"
    assert call.url == (
        "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
        "topic-details/HORIZON-CL6-2026-04-GOVERNANCE-01"
    )
    extra = dict(call.extra)
    assert extra["call_title"] == "Call 04 - single stage (2026)"
    assert extra["expected_grants"] == "1"
    assert extra["max_contribution_eur"] == "60000000"
    assert "Agriculture, Forestry and Rural Areas" in extra["programme_divisions"]
    # applicability is not in the search row: unknown, not guessed
    assert call.applicant_types is None and call.countries is None and call.regions is None


def test_description_is_plain_text_with_headings(calls):
    text = calls["HORIZON-CL6-2026-04-GOVERNANCE-01"].description
    assert text.startswith("Expected Outcome:\nThe successful proposal is expected to further")
    assert "\nScope:\nThe objective of this action" in text
    assert "<" not in text and "&" not in text
    bullets = calls["HORIZON-CL4-2027-04-DIGITAL-EMERGING-10"].description
    assert "\n- European leadership in foresight activities" in bullets


def test_cut_description_does_not_leak_markup(calls):
    # row 0's descriptionByte is cut inside an <a href="... tag
    text = calls["HORIZON-MISS-2027-05-SOIL-01-two-stage"].description
    assert "href" not in text and "<a" not in text
    assert text.rstrip().endswith("the EU Soil Strategy for 2030 and the")


def test_two_stage_topic_keeps_both_deadlines_in_order(calls):
    call = calls["HORIZON-MISS-2027-05-SOIL-01-two-stage"]
    assert call.deadlines == (
        datetime(2027, 4, 8, 17, 0, tzinfo=BRUSSELS),
        datetime(2027, 9, 14, 17, 0, tzinfo=BRUSSELS),
    )
    assert [d.utcoffset() for d in call.deadlines] == [timedelta(hours=2)] * 2
    assert dict(call.extra)["deadline_model"] == "two-stage"
    assert call.type_of_action == "HORIZON Research and Innovation Actions"  # double space gone


@pytest.mark.parametrize(
    ("identifier", "status"),
    [
        ("HORIZON-MISS-2027-05-SOIL-01-two-stage", "forthcoming"),
        ("HORIZON-CL4-2027-04-DIGITAL-EMERGING-10", "forthcoming"),
        ("HORIZON-CL5-2027-03-D5-05", "forthcoming"),
        ("HORIZON-CL6-2026-04-GOVERNANCE-01", "forthcoming"),
        ("HORIZON-CL3-2026-02-CS-ECCC-01", "open"),
        ("HORIZON-JU-CBE-2026-IAFlag-02", "open"),
        # legacy rows whose status code still says forthcoming (31094501) in 2026
        ("HORIZON-CL2-2024-TRANSFORMATIONS-01-08", "closed"),
        ("HORIZON-INFRA-2024-EOSC-01-03", "closed"),
    ],
)
def test_status_on_capture_date(calls, identifier, status):
    assert calls[identifier].status == status


def test_stale_status_is_recorded_but_not_trusted(calls):
    call = calls["HORIZON-CL2-2024-TRANSFORMATIONS-01-08"]
    assert dict(call.extra)["api_status"] == "forthcoming"
    assert call.status == "closed"


def test_status_moves_with_today(labels):
    later = parse_search_page(eu_search_page(), today=date(2026, 9, 16), labels=labels)
    status = {c.source_id: c.status for c in later.calls}
    assert status["HORIZON-CL3-2026-02-CS-ECCC-01"] == "closed"  # deadline 2026-09-15
    assert status["HORIZON-JU-CBE-2026-IAFlag-02"] == "open"  # deadline 2026-09-22
    assert status["HORIZON-CL6-2026-04-GOVERNANCE-01"] == "open"  # API still says forthcoming


def test_legacy_row(calls):
    call = calls["HORIZON-CL2-2024-TRANSFORMATIONS-01-08"]
    assert call.deadlines == (datetime(2024, 2, 7, 17, 0, tzinfo=BRUSSELS),)
    assert call.opening_date == date(2023, 10, 4)
    # the row's url is .../data/topicDetails/<ID>.json: replaced by the human topic page
    assert call.url.endswith("/topic-details/HORIZON-CL2-2024-TRANSFORMATIONS-01-08")
    assert call.description is None
    assert dict(call.extra)["datasource"] == "SEDIA_PRD_CENTRICITY"


def test_keywords_from_json_string_and_plain_list(calls):
    legacy = calls["HORIZON-CL2-2024-TRANSFORMATIONS-01-08"].keywords
    assert legacy[:3] == (
        "Gender research",
        "Education: systems and institutions, teaching and",
        "Studies on Film, Radio and Television",
    )
    assert legacy.count("Gender research") == 1  # listed twice in the source
    assert "HORIZON-CL2-2024-TRANSFORMATIONS-01-08" not in legacy  # the topic id itself
    current = calls["HORIZON-CL6-2026-04-GOVERNANCE-01"].keywords
    assert current[:2] == ("Artificial intelligence", "Copernicus")  # tags first
    assert "Data value chains" in current
    assert "HORIZON-CL6-2026-04" not in current


def test_truncated_budget_overview_gives_no_budget_and_no_crash(calls):
    for identifier in (
        "HORIZON-MISS-2027-05-SOIL-01-two-stage",
        "HORIZON-CL4-2027-04-DIGITAL-EMERGING-10",
        "HORIZON-CL5-2027-03-D5-05",
        "HORIZON-CL3-2026-02-CS-ECCC-01",
        "HORIZON-JU-CBE-2026-IAFlag-02",
    ):
        assert calls[identifier].budget_eur is None
        assert dict(calls[identifier].extra)["budget_overview"] == "partial"


def test_complete_entries_of_a_truncated_overview_are_still_read():
    # Row 3's overview is cut short, but its first entries (sibling topics) are complete.
    raw = eu_search_page()["results"][3]["metadata"]["budgetOverview"][0]
    with pytest.raises(json.JSONDecodeError):
        json.loads(raw)
    sibling = parse_budget_overview(raw, "HORIZON-CL5-2027-03-D5-17")
    assert sibling.budget_eur == Decimal("14000000")
    assert sibling.expected_grants == 2 and sibling.partial


def test_pooled_call_budget_is_not_a_topic_budget():
    # Synthetic overview shaped like the CBE JU row (whose real string is cut short): the
    # call's pooled amount is repeated on each action.
    raw = json.dumps(
        {
            "budgetTopicActionMap": {
                "114622": [
                    {
                        "action": "HORIZON-JU-CBE-2026-IAFlag-03 - HORIZON-JU-IA HORIZON JU "
                        "Innovation Actions",
                        "expectedGrants": 1,
                        "minContribution": 20000000,
                        "maxContribution": 20000000,
                        "budgetYearMap": {"2026": "170760699"},
                    }
                ]
            }
        }
    )
    budget = parse_budget_overview(raw, "HORIZON-JU-CBE-2026-IAFlag-03")
    assert budget.budget_eur is None
    assert budget.call_budget_eur == Decimal("170760699")
    assert parse_budget_overview(raw, "HORIZON-JU-CBE-2026-IAFlag-0") is None  # no prefix match


@pytest.mark.parametrize("raw", [None, "", "{", "not json", '{"budgetTopicActionMap": 3}'])
def test_garbage_budget_overview_gives_no_budget(raw):
    budget = parse_budget_overview(raw, "X")
    assert budget is None or (budget.budget_eur is None and budget.partial)


def test_centricity_item_stale_open_status_is_closed(labels):
    call = parse_item(eu_centricity_item(), today=TODAY, labels=labels)
    assert call.source_id == "HORIZON-MISS-2023-CLIMA-01-01"
    assert call.title.startswith("Testing and demonstrating transformative solutions")
    assert call.deadlines == (datetime(2023, 9, 20, 17, 0, tzinfo=BRUSSELS),)
    assert call.deadlines[0].utcoffset() == timedelta(hours=2)
    assert call.status == "closed"
    assert dict(call.extra)["api_status"] == "open"
    assert call.type_of_action == "HORIZON Innovation Actions"


def test_dedupe_prefers_the_current_sedia_row(labels):
    page = eu_search_page()
    current = page["results"][4]  # HORIZON-CL6-2026-04-GOVERNANCE-01, DATASOURCE SEDIA
    # A legacy copy of the same topic, made from the real legacy row 1 by changing only the
    # identifier (the API serves such SEDIA_PRD_CENTRICITY copies next to current rows).
    legacy = json.loads(json.dumps(page["results"][1]))
    legacy["metadata"]["identifier"] = ["HORIZON-CL6-2026-04-GOVERNANCE-01"]
    for order in ([legacy, current], [current, legacy]):
        result = parse_search_page(eu_envelope(order, total=2), today=TODAY, labels=labels)
        assert len(result.calls) == 1
        assert dict(result.calls[0].extra)["datasource"] == "SEDIA"


def test_faq_rows_are_not_calls(labels):
    faq = eu_centricity_item()
    faq["metadata"]["DATASOURCE"] = ["SEDIA_FAQ"]  # variant: only the datasource changed
    assert parse_item(faq, today=TODAY, labels=labels) is None


def test_unreadable_item_is_skipped_and_reported(labels):
    page = eu_search_page()
    page["results"][2]["metadata"]["deadlineDate"] = ["next spring"]  # variant: bad date
    page["results"].insert(0, "not an object")
    result = parse_search_page(page, today=TODAY, labels=labels)
    assert len(result.calls) == 7
    assert "HORIZON-CL4-2027-04-DIGITAL-EMERGING-10" not in {c.source_id for c in result.calls}
    assert result.complete is False
    assert len(result.problems) == 2
    assert "result 3 (50131803TOPICSen)" in result.problems[1]
    assert "next spring" in result.problems[1]


@pytest.mark.parametrize(
    "payload",
    [
        {"results": "nope", "totalResults": 1},
        {"error": "x"},
        [],
        {"results": [], "totalResults": "9"},
    ],
)
def test_unexpected_envelope_raises(payload):
    with pytest.raises(SourceFormatError, match="unexpected search envelope"):
        parse_search_page(payload, today=TODAY)


def test_without_labels_programme_is_unknown():
    result = parse_search_page(eu_search_page(), today=TODAY)
    call = result.calls[0]
    assert call.programme is None
    assert dict(call.extra)["framework_programme_id"] == "43108390"


def test_facet_labels_are_decoded_and_fixed(labels):
    programmes = labels["frameworkProgramme"]
    assert programmes["43108390"] == "Horizon Europe (HORIZON)"
    assert programmes["43252449"] == "Research Fund for Coal & Steel (RFCS)"
    assert programmes["43353764"] == "Erasmus+ (ERASMUS+)"
    assert programmes["43254019"] == "European Social Fund Plus (ESF+)"
    assert programmes["45876777"].endswith("Instrument – Global Europe (NDICI)")
    divisions = labels["programmeDivision"]
    assert divisions["43108473"] == "Marie Skłodowska-Curie Actions (MSCA)"
    assert divisions["43121757"] == "Reforming and enhancing the European R&I System"
    assert "44181033" not in divisions  # value == rawValue: no label
    assert labels["status"] == {"31094502": "Open for submission", "31094501": "Forthcoming"}


def test_facet_labels_from_the_api_shape_match_the_fixture_shape(labels):
    assert parse_facet_labels(eu_facet_api_response()) == labels


def test_facet_response_without_facets_raises():
    with pytest.raises(SourceFormatError):
        parse_facet_labels({"apiVersion": "2.151"})
