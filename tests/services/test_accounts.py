from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.errors import FieldError, Forbidden, Throttled
from app.models import AuditEvent, LoginAttempt, Role, User
from app.models.base import utcnow
from app.services import accounts
from app.services.inputs import UserInput
from tests.conftest import TEST_PASSWORD

LIMITS = dict(max_per_account=3, max_per_address=5, window=timedelta(minutes=15))


def user_input(**over):
    base = dict(email="Uusi.Kayttaja@Example.test", name="Uusi Käyttäjä", role="staff",
                city_code=None, password="pitkä-salasana-1")
    base.update(over)
    return UserInput(**base)


def test_create_user_hashes_password_and_audits(session, make_city):
    city = make_city(code="140")
    user = accounts.create_user(session, None, user_input(city_code="140"))
    assert user.email == "uusi.kayttaja@example.test"
    assert user.password_hash.startswith("scrypt:")
    assert "pitkä-salasana-1" not in user.password_hash
    assert user.city_id == city.id
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "user")).one()
    assert event.action == "user.create" and "password_hash" not in event.after


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"role": "king"}, "role"),
        ({"city_code": "999"}, "city"),
        ({"city_code": None}, "city"),
        ({"password": "short"}, "password"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_create_user_rejects_bad_input_and_writes_nothing(session, make_city, over, field):
    make_city(code="140")
    before = session.scalar(select(func.count(User.id)))
    with pytest.raises(FieldError) as exc:
        accounts.create_user(session, None, user_input(city_code="140", **over) if "city_code" not in over else user_input(**over))
    assert exc.value.field == field
    assert session.scalar(select(func.count(User.id))) == before


def test_duplicate_email_is_a_field_error(session, make_city):
    make_city(code="140")
    accounts.create_user(session, None, user_input(city_code="140"))
    with pytest.raises(FieldError) as exc:
        accounts.create_user(session, None, user_input(city_code="140", email="UUSI.kayttaja@example.test"))
    assert exc.value.field == "email"


def test_coordinator_needs_no_town(session):
    user = accounts.create_user(session, None, user_input(role="coordinator"))
    assert user.role is Role.COORDINATOR and user.city_id is None


def test_city_admin_cannot_create_users_for_another_town(session, make_city, make_user):
    home, other = make_city(code="140"), make_city(code="740")
    admin = make_user(Role.CITY_ADMIN, city=home)
    accounts.create_user(session, admin, user_input(city_code="140"))
    with pytest.raises(Forbidden):
        accounts.create_user(session, admin, user_input(city_code=other.code, email="b@example.test"))
    staff = make_user(Role.STAFF, city=home)
    with pytest.raises(Forbidden):
        accounts.create_user(session, staff, user_input(city_code="140", email="c@example.test"))


def test_authenticate_accepts_right_password_and_records_login(session, make_user):
    user = make_user()
    got = accounts.authenticate(session, user.email.upper(), TEST_PASSWORD, address="10.0.0.1", **LIMITS)
    assert got.id == user.id and got.last_login_at is not None
    assert session.scalar(select(func.count()).where(LoginAttempt.succeeded.is_(True))) == 1


def test_wrong_password_and_unknown_account_fail_the_same_way(session, make_user):
    user = make_user()
    with pytest.raises(accounts.InvalidCredentials):
        accounts.authenticate(session, user.email, "wrong", address="10.0.0.1", **LIMITS)
    with pytest.raises(accounts.InvalidCredentials):
        accounts.authenticate(session, "nobody@example.test", "wrong", address="10.0.0.1", **LIMITS)


def test_inactive_account_cannot_sign_in(session, make_user):
    user = make_user(is_active_account=False)
    with pytest.raises(accounts.InvalidCredentials):
        accounts.authenticate(session, user.email, TEST_PASSWORD, address="10.0.0.1", **LIMITS)


def test_account_is_throttled_after_repeated_failures_even_with_right_password(session, make_user):
    user = make_user()
    for i in range(3):
        with pytest.raises(accounts.InvalidCredentials):
            accounts.authenticate(session, user.email, "wrong", address=f"10.0.0.{i}", **LIMITS)
    with pytest.raises(Throttled):
        accounts.authenticate(session, user.email, TEST_PASSWORD, address="10.0.1.1", **LIMITS)
    later = utcnow() + timedelta(minutes=16)
    assert accounts.authenticate(session, user.email, TEST_PASSWORD, address="10.0.1.1", now=later, **LIMITS)


def test_address_is_throttled_across_accounts(session, make_user):
    victim = make_user()
    for i in range(5):
        with pytest.raises(accounts.InvalidCredentials):
            accounts.authenticate(session, f"guess{i}@example.test", "x", address="203.0.113.9", **LIMITS)
    with pytest.raises(Throttled):
        accounts.authenticate(session, victim.email, TEST_PASSWORD, address="203.0.113.9", **LIMITS)
    assert accounts.authenticate(session, victim.email, TEST_PASSWORD, address="198.51.100.1", **LIMITS)


def test_success_resets_the_account_count(session, make_user):
    user = make_user()
    for _ in range(2):
        with pytest.raises(accounts.InvalidCredentials):
            accounts.authenticate(session, user.email, "wrong", address="10.0.0.1", **LIMITS)
    accounts.authenticate(session, user.email, TEST_PASSWORD, address="10.0.0.1", **LIMITS)
    for _ in range(2):
        with pytest.raises(accounts.InvalidCredentials):
            accounts.authenticate(session, user.email, "wrong", address="10.0.0.2", **LIMITS)
    assert accounts.authenticate(session, user.email, TEST_PASSWORD, address="10.0.0.3", **LIMITS)


def test_own_successful_sign_ins_do_not_reset_the_address_count(session, make_user):
    """Password spraying from one address, with the sprayer's own sign-in between guesses."""
    own = make_user()
    failed_guesses = 0
    with pytest.raises(Throttled):
        for i in range(20):
            with pytest.raises(accounts.InvalidCredentials):
                accounts.authenticate(session, f"target{i}@example.test", "Kesä2026!",
                                      address="203.0.113.7", **LIMITS)
            failed_guesses += 1
            accounts.authenticate(session, own.email, TEST_PASSWORD, address="203.0.113.7", **LIMITS)
    assert failed_guesses == LIMITS["max_per_address"]
    # another address is not affected, and the window still ends
    assert accounts.authenticate(session, own.email, TEST_PASSWORD, address="198.51.100.7", **LIMITS)
    later = utcnow() + timedelta(minutes=16)
    assert accounts.authenticate(session, own.email, TEST_PASSWORD, address="203.0.113.7",
                                 now=later, **LIMITS)
