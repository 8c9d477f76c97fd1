"""The coordinators' learning page: which weights rank the matches, and in words why the last
training's weights were or were not adopted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.models import Role
from app.models.matches import MatcherState
from tests.conftest import TEST_PASSWORD
from tests.web.test_matches import text_of

LEARNED = {"concept": 0.8, "word": 0.3, "char": 0.9, "industry": 0.2, "targeting": 0.3}


def _measured(adopted: bool, learned: float, current: float) -> dict:
    return {"method": "held-back", "split": "newest 25% by time held back", "examples": 60,
            "training": 45, "held_back": 15, "held_back_positives": 8,
            "held_back_negatives": 7, "auc_learned": learned, "auc_current": current,
            "ndcg_learned": 0.8, "ndcg_current": 0.81, "margin": 0.01,
            "adopted": adopted, "reason": "adopted" if adopted else "no_better"}


def _page(client, user, language: str) -> str:
    user.language = language
    client.application.extensions["sqlalchemy"].session.flush()
    fresh = client.application.test_client()
    fresh.submit("/login", {"email": user.email, "password": TEST_PASSWORD})
    resp = fresh.get("/matches/learning")
    assert resp.status_code == 200
    return text_of(resp.get_data(as_text=True))


@pytest.fixture()
def coordinator(make_user):
    return make_user(Role.COORDINATOR)


def test_never_trained_says_the_defaults_are_in_use(login, coordinator):
    page = text_of(login(coordinator).get("/matches/learning").get_data(as_text=True))
    assert "Oletuspainot ovat käytössä" in page and "ei ole vielä opetettu" in page


def test_rejected_weights_are_explained_with_the_held_back_figures(session, client,
                                                                   coordinator):
    session.add(MatcherState(weights=LEARNED, examples=60, adopted=False,
                             measured=_measured(False, 0.71, 0.72)))
    session.flush()
    fi = _page(client, coordinator, "fi")
    assert ("Opitut painot eivät parantaneet tulosta pidätetyllä palautteella "
            "(AUC 0.71 vs 0.72), joten oletuspainot ovat käytössä") in fi
    assert "Oletuspainot ovat käytössä" in fi and "pidätettiin 15" in fi
    sv = _page(client, coordinator, "sv")
    assert "förbättrade inte resultatet" in sv and "(AUC 0.71 mot 0.72)" in sv
    en = _page(client, coordinator, "en")
    assert ("The learned weights did not improve the result on the held-back feedback "
            "(AUC 0.71 vs 0.72), so the default weights are in use.") in en


def test_adopted_weights_say_since_when_and_why(session, client, coordinator):
    session.add(MatcherState(weights=LEARNED, examples=60, adopted=True,
                             trained_at=datetime(2026, 11, 30, 9, tzinfo=UTC),
                             measured=_measured(True, 0.83, 0.72)))
    session.flush()
    fi = _page(client, coordinator, "fi")
    assert "Henkilöstön palautteesta opitut painot ovat käytössä" in fi and "30.11.2026" in fi
    assert "paransivat tulosta pidätetyllä palautteella (AUC 0.83 vs 0.72)" in fi
    assert "0.90" in fi  # the learned weight of "similar wording" is shown, not the default 0.50
    en = _page(client, coordinator, "en")
    assert "improved the result on the held-back feedback (AUC 0.83 vs 0.72)" in en


def test_staff_do_not_see_the_page(login, make_user):
    assert login(make_user(Role.STAFF)).get("/matches/learning").status_code in (403, 404)


def test_the_funding_page_links_to_it_for_the_coordinator(login, coordinator):
    page = login(coordinator).get("/calls").get_data(as_text=True)
    assert 'href="/matches/learning"' in page
