"""Staff feedback, the retraining of the weights on it, and the matcher's commands."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models import AuditEvent
from app.models.matches import Match, MatcherState, MatchFeedback
from app.services import matches
from app.services.matches import _cache as cache
from app.services.matches._training import examples_from_rows
from matching import Weights
from matching.feedback import MIN_LABELS
from tests.services.test_matches import INELIGIBLE, TODAY, make_call, town  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_matcher():
    cache.clear()
    yield
    cache.clear()


def _label(session, company, call, label, concept):
    session.add(MatchFeedback(company_id=company.id, call_id=call.id, label=label,
                              components={"concept": concept, "word": 0.3, "char": 0.3,
                                          "industry": 0.1, "targeting": 0.2}))


@pytest.fixture()
def many_calls(session, make_call):  # noqa: F811
    return [make_call(f"Haku {i}", f"Kuvaus {i}.") for i in range(MIN_LABELS // 2 + 15)]  # 2 x 30: 45 to train on, 15 held back


def test_each_pair_counts_once_with_its_latest_label():
    rows = [(1, 7, "relevant", {"concept": 0.2}), (1, 7, "proposed", {"concept": 0.3}),
            (1, 7, "not_relevant", {"concept": 0.4}), (1, 8, "reviewed", {}),
            (2, 7, "awarded", {"concept": 0.9})]
    examples = examples_from_rows(rows)
    assert [e.label for e in examples] == ["not_relevant", "awarded"]
    assert [e.company for e in examples] == [1, 2]


def test_pairs_are_ordered_by_their_latest_label():
    """The held-back part is the newest: a pair labelled again moves to the end."""
    rows = [(1, 7, "relevant", {}), (2, 7, "relevant", {}), (1, 7, "not_relevant", {})]
    assert [(e.company, e.label) for e in examples_from_rows(rows)] == [
        (2, "relevant"), (1, "not_relevant")]


def test_too_little_feedback_leaves_the_weights_alone(session, town, many_calls):  # noqa: F811
    _staff, metal, _bakery, _calls = town
    for i, call in enumerate(many_calls):
        for _ in range(3):  # the same pair labelled again and again is still one example
            _label(session, metal, call, "relevant" if i % 2 else "not_relevant", 0.5)
    session.flush()
    result = matches.train_feedback_weights(session)
    assert result.weights is None and result.reason == "too_little_feedback"
    assert result.examples == len(many_calls)
    state = session.scalars(select(MatcherState)).one()  # kept for the page, not in use
    assert not state.adopted and state.measured["reason"] == "too_little_feedback"
    assert cache.learned_weights(session) == (None, Weights())


def _informative(session, companies, calls, good_of):
    """Label every pair: relevant when ``good_of(i)``, with ``char`` following the label (a
    component the defaults count little) and ``concept`` (which they count most) noise."""
    for company in companies:
        for i, call in enumerate(calls):
            good = good_of(i)
            session.add(MatchFeedback(
                company_id=company.id, call_id=call.id,
                label="relevant" if good else "not_relevant",
                components={"concept": 0.9 if i % 3 == 0 else 0.1, "word": 0.3,
                            "char": 0.9 if good else 0.1,
                            "industry": 0.1, "targeting": 0.2}))
    session.flush()


def test_weights_that_improve_the_held_back_feedback_are_adopted_and_used(
        session, town, many_calls):  # noqa: F811
    _staff, metal, bakery, calls = town
    _informative(session, (metal, bakery), many_calls, lambda i: i % 2 == 0)
    result = matches.train_feedback_weights(session)
    assert result.reason == "adopted" and result.state is not None
    state = session.scalars(select(MatcherState)).one()
    assert state.adopted and state.examples == 2 * len(many_calls)
    assert state.weights["char"] > Weights().char and set(state.weights) == {
        "concept", "word", "char", "industry", "targeting", "embedding"}
    m = state.measured
    assert m["method"] == "held-back" and m["split"].startswith("newest 25%")
    assert (m["training"], m["held_back"]) == (45, 15)
    assert m["auc_learned"] > m["auc_current"] and m["ndcg_learned"] >= m["ndcg_current"]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "matcher.train")).one()
    assert event.after["examples"] == state.examples and event.after["adopted"] is True
    with cache.LOCK:
        assert cache.matcher(session).weights == Weights.from_mapping(state.weights)
    matches.rematch(session, today=TODAY, full=True)  # learned weights never admit...
    stored = set(session.scalars(select(Match.call_id)))
    assert not stored & {calls[name].id for name in INELIGIBLE}  # ...an ineligible call


def test_weights_that_do_not_improve_the_held_back_feedback_are_kept_but_not_used(
        session, town, many_calls):  # noqa: F811
    _staff, metal, bakery, _calls = town
    # the older labels follow char, the newest quarter contradicts it: learned on the past,
    # the weights rank the held-back part worse than the defaults
    _informative(session, (metal,), many_calls, lambda i: i % 2 == 0)
    _informative(session, (bakery,), many_calls[:15], lambda i: i % 2 == 0)
    for i, call in enumerate(many_calls[15:]):
        session.add(MatchFeedback(company_id=bakery.id, call_id=call.id,
                                  label="not_relevant" if i % 2 == 0 else "relevant",
                                  components={"concept": 0.9 if i % 2 else 0.1,
                                              "word": 0.3, "char": 0.9 if i % 2 == 0 else 0.1,
                                              "industry": 0.1, "targeting": 0.2}))
    session.flush()
    result = matches.train_feedback_weights(session)
    assert result.weights is None and result.reason == "no_better"
    state = session.scalars(select(MatcherState)).one()
    assert not state.adopted and state.weights["char"] > Weights().char  # learned, not used
    assert state.measured["auc_learned"] < state.measured["auc_current"]
    assert cache.learned_weights(session) == (None, Weights())


def test_staff_actions_are_the_feedback(session, town):  # noqa: F811
    staff, metal, _bakery, calls = town
    matches.rematch(session, today=TODAY, full=True)
    match = session.scalars(select(Match).where(Match.company_id == metal.id,
                                                Match.call_id == calls["robot"].id)).one()
    matches.record_feedback(session, staff, match.id, "relevant")
    matches.set_status(session, staff, match.id, "proposed")
    matches.set_status(session, staff, match.id, "submitted")
    rows = session.execute(select(MatchFeedback.label, MatchFeedback.user_id,
                                  MatchFeedback.components).order_by(MatchFeedback.id)).all()
    assert [r.label for r in rows] == ["relevant", "proposed", "submitted"]
    assert all(r.user_id == staff.id and r.components == match.components for r in rows)
    actions = list(session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity == "match").order_by(AuditEvent.id)))
    assert actions == ["match.feedback", "match.status", "match.status"]


def test_unknown_labels_and_statuses_are_refused(session, town):  # noqa: F811
    staff, metal, _bakery, _calls = town
    matches.rematch(session, today=TODAY, full=True)
    match = session.scalars(select(Match).where(Match.company_id == metal.id)).first()
    from app.errors import FieldError

    with pytest.raises(FieldError):
        matches.record_feedback(session, staff, match.id, "great")
    with pytest.raises(FieldError):
        matches.set_status(session, staff, match.id, "won")
    assert session.scalar(select(func.count(MatchFeedback.id))) == 0


def test_match_command_reports_what_it_did(app, session, town):  # noqa: F811
    _staff, metal, _bakery, _calls = town
    runner = app.test_cli_runner()
    result = runner.invoke(args=["match", "--full"])
    assert result.exit_code == 0, result.output
    assert "2 companies matched against 6 calls" in result.output and "matches stored" in result.output
    assert session.scalar(select(func.count(Match.id)).where(Match.company_id == metal.id)) >= 1
    one = runner.invoke(args=["match", "--company", str(metal.id)])
    assert one.exit_code == 0 and "1 companies matched" in one.output
    assert runner.invoke(args=["match"]).exit_code == 2


def test_train_matcher_command_says_when_the_weights_stand(app, session):
    result = app.test_cli_runner().invoke(args=["train-matcher"])
    assert result.exit_code == 0 and "Too little feedback" in result.output
