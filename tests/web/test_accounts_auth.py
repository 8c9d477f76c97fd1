import re

from sqlalchemy import func, select

from app.models import LoginAttempt, Role
from tests.conftest import TEST_PASSWORD


def test_pages_need_login(client):
    resp = client.get("/")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_login_with_right_password_shows_home(client, make_user):
    user = make_user(Role.STAFF)
    resp = client.submit("/login", {"email": user.email, "password": TEST_PASSWORD})
    assert resp.status_code == 302 and resp.headers["Location"] == "/start"
    home = client.get("/").get_data(as_text=True)
    assert f"{user.city.name_fi}: yritykset" in home


def test_wrong_password_gives_no_hint_whether_account_exists(client, make_user):
    user = make_user()
    a = client.submit("/login", {"email": user.email, "password": "nope"})
    b = client.submit("/login", {"email": "nobody@example.test", "password": "nope"})
    assert a.status_code == b.status_code == 401
    text_a, text_b = a.get_data(as_text=True), b.get_data(as_text=True)
    assert "Väärä sähköpostiosoite tai salasana." in text_a
    strip = lambda t: re.sub(r'value="[^"]*"', "", t)  # noqa: E731 - tokens and echoed e-mail differ
    assert strip(text_a) == strip(text_b)


def test_login_form_without_csrf_token_is_rejected(client, make_user):
    user = make_user()
    resp = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert resp.status_code == 400
    assert client.get("/").status_code == 302


def test_throttled_login_is_refused_with_429(client, make_user, session):
    user = make_user()
    for _ in range(5):
        client.submit("/login", {"email": user.email, "password": "nope"})
    resp = client.submit("/login", {"email": user.email, "password": TEST_PASSWORD})
    assert resp.status_code == 429
    assert "Liian monta" in resp.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert session.scalar(select(func.count(LoginAttempt.id))) == 5  # throttled tries are refused unread


def test_open_redirect_is_refused(client, make_user):
    user = make_user()
    resp = client.submit("/login?next=https://evil.example/", {
        "email": user.email, "password": TEST_PASSWORD, "next": "https://evil.example/"})
    assert resp.headers["Location"] == "/start"


def test_next_keeps_local_paths(client, make_user, make_company):
    user = make_user()
    company = make_company(city=user.city)
    resp = client.submit("/login", {"email": user.email, "password": TEST_PASSWORD,
                                    "next": f"/companies/{company.id}"})
    assert resp.headers["Location"] == f"/companies/{company.id}"


def test_logout_is_a_post_with_csrf(login, make_user):
    client = login(make_user())
    assert client.get("/logout").status_code == 405
    resp = client.submit("/logout", page="/")
    assert resp.status_code == 302
    assert client.get("/").status_code == 302


def test_language_switch_is_remembered_per_user(login, make_user, session):
    user = make_user()
    client = login(user)
    client.submit("/language", {"language": "en", "next": "/"}, page="/")
    assert "Companies of" in client.get("/").get_data(as_text=True)
    session.refresh(user)
    assert user.language == "en"


def test_anonymous_language_choice_applies_to_login_page(client):
    client.submit("/language", {"language": "en", "next": "/login"}, page="/login")
    assert "Sign in to Veturi" in client.get("/login").get_data(as_text=True)


def test_session_cookie_flags(client, make_user):
    user = make_user()
    resp = client.submit("/login", {"email": user.email, "password": TEST_PASSWORD})
    cookie = resp.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # BASE_URL of the tests is http


def test_password_spraying_between_own_sign_ins_is_refused(app, client, make_user):
    """One address, many accounts guessed, the sprayer's own account signed in between guesses."""
    own = make_user()
    limit = app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    statuses = []
    for i in range(limit + 3):
        statuses.append(client.submit(
            "/login", {"email": f"victim{i}@example.test", "password": "Kesä2026!"}).status_code)
        if client.submit("/login", {"email": own.email, "password": TEST_PASSWORD}).status_code == 302:
            client.submit("/logout", page="/")
    assert statuses[:limit] == [401] * limit
    assert statuses[limit:] == [429] * 3
