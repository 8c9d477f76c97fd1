"""Which calls are consortium calls and which consortium role a TOL code fits: each rule read
from the call's own fields or the public classification (``matching.partners``)."""

from __future__ import annotations

import pytest

from matching.partners import consortium_rule, partner_role, roles_named


@pytest.mark.parametrize("action,kind", [
    ("HORIZON Innovation Actions", "eu_collaborative"),
    ("HORIZON  Research and Innovation Actions", "eu_collaborative"),
    ("HORIZON JU Research and Innovation Actions", "eu_collaborative"),
    ("HORIZON Coordination and Support Actions", "eu_collaborative"),
    ("HORIZON Pre-commercial Procurement", "eu_collaborative"),
    ("regular cross-border project", "cross_border"),
    ("transnational R&D project", "cross_border"),
    ("yhteishanke (avustus)", "national_joint"),
    ("kehittämishanke (ylimaakunnallinen ryhmähanke)", "national_joint"),
])
def test_collaborative_types_of_action_are_consortium_calls(action, kind):
    rule = consortium_rule(action, None, "")
    assert rule is not None and rule.kind == kind and rule.field == "type_of_action"
    assert rule.value == action


@pytest.mark.parametrize("action", ["HORIZON EIC Accelerator", "HORIZON ERC Grants",
                                    "HORIZON Recognition Prize", "DIGITAL JU SME Support Actions",
                                    "avustus (de minimis)", "investointituki", None])
def test_single_applicant_instruments_are_not(action):
    # even a text that mentions a consortium does not make an EIC grant a consortium call
    text = "" if action is None else "The consortium may include partners."
    assert consortium_rule(action, "Horizon Europe (HORIZON)", text if "EIC" in (action or "")
                           else "") is None


def test_the_programme_and_then_the_text_decide_when_the_type_does_not():
    by_programme = consortium_rule(
        "avustus", "Business Finland – yritysten ja tutkimusorganisaatioiden yhteistyö", "")
    assert by_programme is not None and by_programme.kind == "national_joint"
    assert by_programme.field == "programme"
    by_text = consortium_rule(None, None, "Haku on tarkoitettu konsortioille, joissa on yrityksiä")
    assert by_text is not None and by_text.kind == "text" and by_text.value.lower() == "konsorti"
    assert consortium_rule("avustus", "Business Finland – Tempo", "Pk-yrityksen oma hanke") is None


@pytest.mark.parametrize("code,role", [
    ("62010", "technology"), ("63110", "technology"), ("58210", "technology"),
    ("71121", "technology"), ("28220", "technology"), ("26510", "technology"),
    ("72110", "research"), ("72200", "research"), ("85420", "research"),
    ("25620", "pilot"), ("01110", "pilot"), ("35111", "pilot"), ("86100", "pilot"),
    ("84110", "pilot"), ("49410", "pilot"), ("10510", "pilot"),
    ("47110", "other"), ("64190", "other"), ("85100", "other"), ("", "other"), (None, "other"),
    ("62.01", "technology"),
])
def test_roles_come_from_the_tol_division(code, role):
    assert partner_role(code) == role


def test_the_roles_a_call_text_names():
    text = ("Demonstration in at least two pilot sites with end-users; research organisations "
            "and technology providers are expected in the consortium.")
    assert roles_named(text) == {"pilot", "research", "technology"}
    assert roles_named("Pilotointi loppukäyttäjien kanssa") == {"pilot"}
    assert roles_named("Improve the efficiency of ships") == frozenset()
