"""Each hard eligibility rule on its own, with its reason code, and the timezone edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from matching import CallProfile, CompanyProfile, check, is_eligible, size_class

TODAY = date(2026, 11, 28)
BRUSSELS = ZoneInfo("Europe/Brussels")
HELSINKI = ZoneInfo("Europe/Helsinki")

COMPANY = CompanyProfile(id="c", language="fi", region="Pohjois-Savo", size_class="small")
CALL = CallProfile(id="k", status="open", applicant_types=(), countries=(), regions=())


def codes(company: CompanyProfile, call: CallProfile, today: date = TODAY) -> list[str]:
    return [r.code for r in check(company, call, today)[1]]


def test_open_call_without_restrictions_is_eligible():
    assert is_eligible(COMPANY, CALL, TODAY)
    assert codes(COMPANY, CALL) == []


@pytest.mark.parametrize("status", ["open", "forthcoming"])
def test_open_and_forthcoming_pass(status):
    assert is_eligible(COMPANY, CallProfile(id="k", status=status), TODAY)


def test_closed_call_fails_with_status():
    passed, failed = check(COMPANY, CallProfile(id="k", status="closed"), TODAY)
    assert [(r.code, r.params) for r in failed] == [("call_closed", (("status", "closed"),))]


def test_deadline_passed_gives_the_local_date():
    call = CallProfile(id="k", status="open",
                       deadlines=(datetime(2026, 11, 27, 17, 0, tzinfo=BRUSSELS),))
    failed = check(COMPANY, call, TODAY)[1]
    assert [(r.code, r.param("deadline")) for r in failed] == [("deadline_passed", "2026-11-27")]


def test_deadline_today_at_17_brussels_is_still_eligible():
    call = CallProfile(id="k", status="open",
                       deadlines=(datetime(2026, 11, 28, 17, 0, tzinfo=BRUSSELS),))
    assert is_eligible(COMPANY, call, TODAY)
    passed = {r.code: r for r in check(COMPANY, call, TODAY)[0]}
    assert passed["deadline_ok"].param("days_left") == "0"


def test_deadline_uses_its_own_local_date_not_utc():
    # 00:30 Helsinki on 28 Nov is still 27 Nov in UTC: the local date (28th) counts
    call = CallProfile(id="k", status="open",
                       deadlines=(datetime(2026, 11, 28, 0, 30, tzinfo=HELSINKI),))
    assert call.deadlines[0].astimezone(UTC).date() == date(2026, 11, 27)
    assert is_eligible(COMPANY, call, TODAY)


def test_multi_cut_off_call_stays_open_while_a_cut_off_remains():
    call = CallProfile(id="k", status="open", deadlines=(
        datetime(2026, 10, 1, 17, tzinfo=BRUSSELS), datetime(2027, 3, 4, 17, tzinfo=BRUSSELS)))
    assert is_eligible(COMPANY, call, TODAY)


def test_continuous_call_has_no_deadline_rule():
    call = CallProfile(id="k", status="open", is_continuous=True)
    passed = [r.code for r in check(COMPANY, call, TODAY)[0]]
    assert "continuous" in passed and is_eligible(COMPANY, call, TODAY)


def test_applicant_type():
    call = CallProfile(id="k", status="open", applicant_types=("research", "public"))
    failed = check(COMPANY, call, TODAY)[1]
    assert [(r.code, r.param("allowed")) for r in failed] == [("applicant_type", "research,public")]
    assert is_eligible(COMPANY, CallProfile(id="k", applicant_types=()), TODAY)
    assert is_eligible(COMPANY, CallProfile(id="k", applicant_types=None), TODAY)


def test_sme_only_excludes_large_companies():
    call = CallProfile(id="k", status="open", sme_only=True)
    large = CompanyProfile(id="l", size_class="large")
    assert codes(large, call) == ["sme_only"]
    assert is_eligible(COMPANY, call, TODAY)


def test_midcap_passes_sme_only_only_when_the_call_allows_midcaps():
    midcap = CompanyProfile(id="m", size_class="midcap")
    assert codes(midcap, CallProfile(id="k", sme_only=True)) == ["sme_only"]
    assert is_eligible(midcap, CallProfile(id="k", sme_only=True, midcap_allowed=True), TODAY)


def test_large_only_excludes_smes():
    call = CallProfile(id="k", status="open", large_only=True)
    assert codes(COMPANY, call) == ["large_only"]
    assert is_eligible(CompanyProfile(id="l", size_class="large"), call, TODAY)


def test_country():
    call = CallProfile(id="k", countries=("SE", "NO"))
    assert codes(COMPANY, call) == ["country"]
    assert is_eligible(COMPANY, CallProfile(id="k", countries=("FI", "SE")), TODAY)


def test_region_and_unknown_region():
    call = CallProfile(id="k", regions=("Lappi", "Kainuu"))
    assert codes(COMPANY, call) == ["region"]
    assert codes(CompanyProfile(id="x", region=None), call) == ["region_unknown"]
    assert is_eligible(COMPANY, CallProfile(id="k", regions=("Pohjois-Savo",)), TODAY)


def test_announcements_are_never_matched():
    assert codes(COMPANY, CallProfile(id="k", status="open", kind="announcement")) == [
        "announcement_not_matched"]


def test_several_failures_are_all_reported():
    call = CallProfile(id="k", status="closed", large_only=True, regions=("Lappi",),
                       deadlines=(datetime(2026, 1, 1, 16, 15, tzinfo=HELSINKI),))
    assert codes(COMPANY, call) == ["call_closed", "deadline_passed", "large_only", "region"]


@pytest.mark.parametrize(("employees", "turnover", "balance", "expected"), [
    (5, 1_000_000, None, "micro"),
    (40, 9_000_000, None, "small"),
    (200, 60_000_000, 40_000_000, "medium"),   # turnover over, balance sheet under the ceiling
    (200, 60_000_000, 50_000_000, "large"),    # both ceilings exceeded
    (300, 10_000_000, None, "large"),          # 250 staff or more
    (120, None, None, "medium"),               # staff alone decides when money is unknown
    (None, 5_000_000, None, None),             # unknown staff: unknown size
])
def test_size_class_follows_the_eu_sme_definition(employees, turnover, balance, expected):
    company = CompanyProfile(id="c", employees=employees, turnover_eur=turnover,
                             balance_sheet_eur=balance)
    assert size_class(company) == expected


def test_given_size_class_wins_and_unknown_size_never_excludes():
    assert size_class(CompanyProfile(id="c", size_class="small", employees=900)) == "small"
    unknown = CompanyProfile(id="c")
    assert is_eligible(unknown, CallProfile(id="k", sme_only=True), TODAY)
    assert is_eligible(unknown, CallProfile(id="k", large_only=True), TODAY)


def test_eligibility_matches_the_readme_rule_on_the_dev_set(dev_data):
    """The README's rule exactly, plus the conditions read from call texts: those may only
    exclude more, never a pair the labels call relevant."""
    from _matching_data import readme_eligible

    text_codes = {"region_in_text", "region_in_text_unknown", "size_in_text",
                  "municipality_in_text", "sector_in_text", "sector_excluded_in_text"}
    for company in dev_data.companies:
        for call in dev_data.calls:
            expected = readme_eligible(dev_data.raw_calls[call.id],
                                       dev_data.raw_companies[company.id], dev_data.today)
            failed = {r.code for r in check(company, call, dev_data.today)[1]}
            if expected and failed:
                assert failed <= text_codes, (company.id, call.id, failed)
                assert not dev_data.qrels.get(company.id, {}).get(call.id), (company.id, call.id)
            else:
                assert is_eligible(company, call, dev_data.today) == expected, (company.id,
                                                                                call.id)


def test_naive_and_aware_datetimes_compare_by_local_date():
    aware = datetime(2026, 11, 28, 23, 59, tzinfo=timezone(timedelta(hours=2)))
    assert is_eligible(COMPANY, CallProfile(id="k", deadlines=(aware,)), TODAY)
