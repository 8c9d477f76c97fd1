"""The term list is governed: every pattern is found in call texts or its concept cites a
public vocabulary, and broader concepts let related terms meet (issue 15, point 3)."""

from __future__ import annotations

import json
from pathlib import Path

from matching.records import CallProfile
from matching.relevance import call_text
from matching.terms import load_terms

CALLS = Path(__file__).resolve().parents[3] / "eval" / "dev" / "calls.jsonl"
PUBLIC = ("YSO", "EuroVoc", "TOL 2008", "NACE")


def _call_texts() -> list[tuple[str, str]]:
    out = []
    for line in CALLS.read_text("utf-8").splitlines():
        r = json.loads(line)
        call = CallProfile(id=r["id"], language=r["language"], title=r["title"],
                           description=r["description"], keywords=tuple(r["keywords"]),
                           type_of_action=r.get("type_of_action"))
        out.append((call_text(call), call.language))
    return out


def test_every_pattern_is_found_in_a_call_or_cites_a_public_vocabulary() -> None:
    terms = load_terms()
    used = terms.used_patterns(_call_texts())
    unsourced = [f"{terms.concepts[c].id}: {pattern} ({language})"
                 for i, (c, language, pattern, _ids) in enumerate(terms.patterns)
                 if i not in used and language != "sv"
                 and not any(v in terms.sources[c] for v in PUBLIC)]
    assert unsourced == []


def test_every_concept_says_where_it_comes_from() -> None:
    terms = load_terms()
    assert all(terms.sources), "a concept without a source"
    assert len(terms.sources) == len(terms.concepts)


def test_narrower_concepts_meet_their_broader_ones() -> None:
    terms = load_terms()
    found = {terms.concepts[c].id for c in terms.extract("koneoppiminen ja biokaasu", "fi")}
    assert {"machine_learning", "artificial_intelligence", "biogas", "renewable_energy",
            "fuels"} <= found
    assert "artificial_intelligence" in {
        terms.concepts[c].id for c in terms.extract("federated machine learning", "en")}


def test_the_audit_sees_an_unused_pattern() -> None:
    from matching.terms import TermList

    rows = [["x", "d", "x", "x", "kukkakaali*", "cauliflower*", "calls", ""]]
    terms = TermList(rows)
    assert terms.used_patterns([("Kukkakaalin viljely", "fi")]) == {0}
    assert terms.used_patterns([("Broccoli", "en")]) == set()


def test_every_swedish_row_cites_a_public_vocabulary() -> None:
    from matching.terms import term_rows

    _rows, sv_rows = term_rows()
    assert len(sv_rows) > 100
    assert all(len(r) >= 3 and any(v in r[2] for v in PUBLIC) for r in sv_rows), \
        [r[0] for r in sv_rows if len(r) < 3 or not any(v in r[2] for v in PUBLIC)]


def test_a_swedish_profile_meets_the_same_concepts_as_a_finnish_one() -> None:
    terms = load_terms()

    def concepts(text: str, language: str) -> set[str]:
        return {terms.concepts[c].id for c in terms.extract(text, language)}

    swedish = concepts("Vi tillverkar stålkonstruktioner till vindkraftverk och svetsar "
                       "med robotar.", "sv")
    finnish = concepts("Valmistamme teräsrakenteita tuulivoimaloihin ja hitsaamme "
                       "roboteilla.", "fi")
    assert {"steel", "wind_power", "welding", "robotics"} <= swedish
    assert {"steel", "wind_power", "welding", "robotics"} <= finnish
