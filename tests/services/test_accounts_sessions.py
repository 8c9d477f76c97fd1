from datetime import timedelta

from sqlalchemy import func, select

from app.models import Role, UserSession
from app.models.base import utcnow
from app.services.accounts import sessions

LIFETIME = timedelta(hours=8)


def _start(session, user, now=None):
    return sessions.start(session, user, user_agent="pytest", address="10.0.0.1",
                          lifetime=LIFETIME, now=now)


def test_only_the_key_hash_is_stored_and_the_key_finds_its_session(session, make_user):
    user = make_user(Role.STAFF)
    key = _start(session, user)
    record = sessions.resolve(session, str(user.id), key, lifetime=LIFETIME)
    assert record is not None and record.user == user
    assert key not in record.key_hash
    assert sessions.resolve(session, str(user.id + 1), key, lifetime=LIFETIME) is None
    assert sessions.resolve(session, str(user.id), key + "x", lifetime=LIFETIME) is None
    assert sessions.resolve(session, str(user.id), None, lifetime=LIFETIME) is None
    assert sessions.resolve(session, "1" * 30, key, lifetime=LIFETIME) is None


def test_last_seen_is_written_at_most_once_a_minute(session, make_user):
    user = make_user(Role.STAFF)
    start = utcnow()
    key = _start(session, user, now=start)
    record = sessions.resolve(session, str(user.id), key, lifetime=LIFETIME,
                              now=start + timedelta(seconds=50))
    assert record.last_seen_at == start
    record = sessions.resolve(session, str(user.id), key, lifetime=LIFETIME,
                              now=start + timedelta(seconds=61))
    assert record.last_seen_at == start + timedelta(seconds=61)


def test_an_idle_session_lapses_and_lapsed_rows_are_cleared(session, make_user):
    user = make_user(Role.STAFF)
    start = utcnow() - timedelta(hours=9)
    old_key = _start(session, user, now=start)
    assert sessions.resolve(session, str(user.id), old_key, lifetime=LIFETIME) is None
    _start(session, user)
    assert session.scalar(select(func.count(UserSession.id)).where(
        UserSession.user_id == user.id)) == 1


def test_an_inactive_users_session_signs_nobody_in(session, make_user):
    user = make_user(Role.STAFF)
    key = _start(session, user)
    user.is_active_account = False
    session.flush()
    assert sessions.resolve(session, str(user.id), key, lifetime=LIFETIME) is None
