"""Sessions end when they should: a copied cookie is worth nothing after sign-out, a password
change, a role change or deactivation, and users see and end their own sessions."""

import re

import pytest
from sqlalchemy import func, select

from app.errors import FieldError, NotFound
from app.models import AuditEvent, Role, UserSession
from app.services.accounts import changes as account_changes
from tests.conftest import TEST_PASSWORD, VeturiClient

ATTACKER = {"REMOTE_ADDR": "198.51.100.66", "HTTP_USER_AGENT": "curl/8.5.0"}


def _new_client(app, **environ):
    app.test_client_class = VeturiClient
    client = app.test_client()
    client.environ_base.update(environ)
    return client


def _sign_in(app, user, **environ):
    client = _new_client(app, **environ)
    resp = client.submit("/login", {"email": user.email, "password": TEST_PASSWORD})
    assert resp.status_code == 302
    return client


def _copy_of(app, client):
    """Another browser on another address holding a copy of the client's session cookie."""
    thief = _new_client(app, **ATTACKER)
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


@pytest.fixture()
def user(make_user):
    return make_user(Role.STAFF)


def test_a_copied_cookie_stops_working_at_sign_out(app, db, user):
    browser = _sign_in(app, user)
    thief = _copy_of(app, browser)
    assert _signed_in(thief)  # a copied cookie works while its session lives (nothing to do)
    browser.submit("/logout", page="/")
    assert not _signed_in(browser)
    resp = thief.get("/")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    assert thief.get("/companies/export.csv").status_code == 302


def test_password_change_ends_the_other_sessions_and_keeps_this_one(app, db, session, user):
    laptop = _sign_in(app, user)
    phone = _sign_in(app, user, HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Safari")
    thief = _copy_of(app, phone)
    resp = laptop.submit("/account/password", {
        "current_password": TEST_PASSWORD, "new_password": "uusi-salasana-2026",
        "confirm": "uusi-salasana-2026"})
    assert resp.status_code == 302
    assert _signed_in(laptop)
    assert not _signed_in(phone) and not _signed_in(thief)
    assert session.scalar(select(func.count(UserSession.id)).where(
        UserSession.user_id == user.id)) == 1
    fresh = _new_client(app)
    assert fresh.submit("/login", {"email": user.email, "password": "uusi-salasana-2026"}
                        ).status_code == 302


def test_wrong_current_password_changes_nothing(app, db, session, user):
    laptop = _sign_in(app, user)
    phone = _sign_in(app, user)
    before = user.password_hash
    resp = laptop.submit("/account/password", {
        "current_password": "väärä", "new_password": "uusi-salasana-2026",
        "confirm": "uusi-salasana-2026"})
    assert resp.status_code == 422
    assert "Nykyinen salasana on väärä." in resp.get_data(as_text=True)
    session.refresh(user)
    assert user.password_hash == before and _signed_in(phone)
    short = laptop.submit("/account/password", {
        "current_password": TEST_PASSWORD, "new_password": "lyhyt", "confirm": "lyhyt"})
    assert short.status_code == 422 and _signed_in(phone)


def test_deactivation_ends_every_session_of_the_user(app, db, session, make_user, user):
    admin = make_user(Role.CITY_ADMIN, city=user.city)
    browser = _sign_in(app, user)
    thief = _copy_of(app, browser)
    account_changes.set_active(session, admin, user.email, False)
    assert not _signed_in(browser) and not _signed_in(thief)
    assert session.scalar(select(func.count(UserSession.id)).where(
        UserSession.user_id == user.id)) == 0
    assert session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_id == user.id, AuditEvent.action == "user.deactivate")).one()


def test_role_change_ends_the_sessions_of_the_user(app, db, session, make_user, user):
    admin = make_user(Role.CITY_ADMIN, city=user.city)
    admin_browser = _sign_in(app, admin)
    browser = _sign_in(app, user)
    account_changes.change_role(session, admin, user.email, "viewer")
    assert not _signed_in(browser)
    assert _signed_in(admin_browser)
    browser = _sign_in(app, user)
    assert _signed_in(browser)


def test_role_and_activation_of_another_towns_user_is_not_found(session, make_user, user):
    outsider = make_user(Role.CITY_ADMIN)
    with pytest.raises(NotFound):
        account_changes.change_role(session, outsider, user.email, "viewer")
    with pytest.raises(NotFound):
        account_changes.set_active(session, outsider, user.email, False)
    with pytest.raises(FieldError):
        account_changes.change_role(session, None, user.email, "superuser")
    session.refresh(user)
    assert user.role is Role.STAFF and user.is_active


def test_sessions_page_lists_and_ends_sessions(app, db, session, user, make_user):
    laptop = _sign_in(app, user, HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Firefox/133.0")
    phone = _sign_in(app, user, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/131.0")
    tablet = _sign_in(app, user, HTTP_USER_AGENT="Mozilla/5.0 (iPad) Safari/605.1")
    page = laptop.get("/account/sessions").get_data(as_text=True)
    assert page.count("Lopeta tämä istunto") == 3
    assert "Firefox, Windows" in page and "Chrome, Android" in page and "(tämä istunto)" in page
    assert "Aktiiviset istunnot" in laptop.get("/").get_data(as_text=True)  # in the user menu

    phone_id = session.scalars(select(UserSession.id).where(
        UserSession.user_id == user.id, UserSession.user_agent.contains("Android"))).one()
    resp = laptop.submit(f"/account/sessions/{phone_id}/end", page="/account/sessions")
    assert resp.status_code == 302
    assert not _signed_in(phone) and _signed_in(tablet) and _signed_in(laptop)

    laptop.submit("/account/sessions/end-others", page="/account/sessions")
    assert not _signed_in(tablet) and _signed_in(laptop)
    assert laptop.get("/account/sessions").get_data(as_text=True).count("Lopeta tämä") == 1


def test_ending_needs_csrf_and_cannot_reach_another_users_session(app, db, session, user, make_user):
    other = make_user(Role.STAFF, city=user.city)
    victim = _sign_in(app, other)
    victim_id = session.scalars(select(UserSession.id).where(UserSession.user_id == other.id)).one()
    browser = _sign_in(app, user)
    assert browser.post(f"/account/sessions/{victim_id}/end").status_code == 400
    resp = browser.submit(f"/account/sessions/{victim_id}/end", page="/account/sessions")
    assert resp.status_code == 404 and _signed_in(victim)
    assert browser.submit("/account/sessions/99999999999/end",
                          page="/account/sessions").status_code == 404
    assert browser.post("/account/sessions/end-others").status_code == 400
    assert _signed_in(victim)


def test_ending_this_session_signs_out(app, db, user):
    browser = _sign_in(app, user)
    page = browser.get("/account/sessions").get_data(as_text=True)
    own_id = re.search(r"/account/sessions/(\d+)/end", page).group(1)
    resp = browser.submit(f"/account/sessions/{own_id}/end", page="/account/sessions")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    assert not _signed_in(browser)


def test_a_forged_or_stale_cookie_value_signs_nobody_in(app, db, user):
    browser = _sign_in(app, user)
    with browser.session_transaction() as cookie:
        cookie["sid"] = "not-a-session"
    assert not _signed_in(browser)
    browser = _sign_in(app, user)
    with browser.session_transaction() as cookie:
        cookie["_user_id"] = "99999999999999999999"
    assert not _signed_in(browser)


def test_cli_deactivation_and_role_change_end_sessions(app, db, session, make_user):
    user = make_user(Role.STAFF)
    browser = _sign_in(app, user)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["set-role", "--email", user.email, "--role", "viewer"])
    assert result.exit_code == 0, result.output
    assert not _signed_in(browser)
    browser = _sign_in(app, user)
    result = runner.invoke(args=["deactivate-user", "--email", user.email])
    assert result.exit_code == 0, result.output
    assert not _signed_in(browser)
    assert _new_client(app).submit("/login", {"email": user.email, "password": TEST_PASSWORD}
                                   ).status_code == 401
    assert runner.invoke(args=["deactivate-user", "--email", "nobody@example.test"]).exit_code == 1
    result = runner.invoke(args=["deactivate-user", "--email", user.email, "--reactivate"])
    assert result.exit_code == 0 and _sign_in(app, user)
