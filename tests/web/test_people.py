"""People in the app: invite with a one-use link, change role, deactivate, reset; own API
tokens; member towns from the coordinator's page. Every act audited."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from app.clock import utcnow
from app.models import ApiToken, AuditEvent, City, Invitation, Role, User
from app.services.accounts import people
from tests.conftest import TEST_PASSWORD, VeturiClient

LINK = re.compile(r'value="(http[^"]*/invitation/([^"]+))"')


def _client(app):
    app.test_client_class = VeturiClient
    return app.test_client()


def _sign_in(app, user, password=TEST_PASSWORD):
    client = _client(app)
    resp = client.submit("/login", {"email": user.email, "password": password})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    return client


def _invite(client, **over):
    body = {"email": "Uusi.Henkilo@Example.test", "name": "Uusi Henkilö", "role": "staff",
            "ui_language": "fi", **over}
    return client.submit("/people/invite", body)


def _actions(session, user_id):
    return session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == user_id,
                                                           AuditEvent.entity == "user")).all()


def test_town_admin_invites_and_the_invited_sets_a_password_and_signs_in(
        app, session, make_user):
    admin = make_user(Role.CITY_ADMIN)
    client = _sign_in(app, admin)
    resp = _invite(client)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200, html
    assert "Sähköpostia ei voitu lähettää" in html or "lähetetty sähköpostilla" in html
    url, key = LINK.search(html).groups()
    user = session.scalars(select(User).where(User.email == "uusi.henkilo@example.test")).one()
    assert user.city_id == admin.city_id and user.role is Role.STAFF
    assert key not in session.scalars(select(Invitation.key_hash)).one()  # only the hash kept

    newcomer = _client(app)
    page = newcomer.get(f"/invitation/{key}")
    assert page.status_code == 200 and "Uusi Henkilö" in page.get_data(as_text=True)
    short = newcomer.submit(f"/invitation/{key}", {"password": "lyhyt", "confirm": "lyhyt"})
    assert short.status_code == 422
    done = newcomer.submit(f"/invitation/{key}",
                           {"password": "uusi-salasana-1", "confirm": "uusi-salasana-1"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    _sign_in(app, user, "uusi-salasana-1")
    assert {"user.create", "user.invite", "user.invite_accepted"} <= set(_actions(session, user.id))

    # the link is spent: a clear message, nothing changed
    session.refresh(user)
    before = user.password_hash
    again = _client(app)
    reused = again.get(f"/invitation/{key}")
    assert reused.status_code == 410 and "on jo käytetty" in reused.get_data(as_text=True)
    post = again.submit(f"/invitation/{key}", {"password": "toinen-salasana",
                                               "confirm": "toinen-salasana"}, page="/login")
    assert post.status_code == 410
    session.refresh(user)
    assert user.password_hash == before


def test_expired_and_unknown_links_change_nothing(app, session, make_user):
    admin = make_user(Role.CITY_ADMIN)
    link = people.invite(session, admin, people.UserInput(
        email="vanha@example.test", name="Vanha", role="viewer",
        city_code=admin.city.code, password=""), now=utcnow() - timedelta(days=8))
    before = link.user.password_hash
    client = _client(app)
    resp = client.get(f"/invitation/{link.key}")
    assert resp.status_code == 410 and "vanhentunut" in resp.get_data(as_text=True)
    resp = client.submit(f"/invitation/{link.key}", {"password": "x" * 12, "confirm": "x" * 12},
                         page="/login")
    assert resp.status_code == 410
    assert link.user.password_hash == before
    assert client.get("/invitation/ei-tallaista").status_code == 404


def test_invite_for_a_non_member_town_says_so(app, session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    client = _sign_in(app, coordinator)
    resp = _invite(client, city="545")  # Närpiö: a municipality, not a member town
    assert resp.status_code == 422
    assert session.scalar(select(func.count()).select_from(User).where(
        User.email == "uusi.henkilo@example.test")) == 0


def test_town_admin_cannot_reach_another_towns_user_or_make_a_coordinator(
        app, session, make_user):
    admin = make_user(Role.CITY_ADMIN)
    stranger = make_user(Role.STAFF)  # another town
    colleague = make_user(Role.STAFF, city=admin.city)
    client = _sign_in(app, admin)
    listing = client.get("/people").get_data(as_text=True)
    assert colleague.name in listing and stranger.name not in listing
    assert client.get(f"/people/{stranger.id}").status_code == 404
    resp = client.submit(f"/people/{colleague.id}/role", {"role": "coordinator"},
                         page=f"/people/{colleague.id}")
    assert resp.status_code == 302
    session.refresh(colleague)
    assert colleague.role is Role.STAFF
    assert _client(app).get("/people").status_code == 302  # signed out: to the login page
    staff_client = _sign_in(app, colleague)
    assert staff_client.get("/people").status_code == 403


def test_role_change_deactivation_and_reset(app, session, make_user, token_for):
    admin = make_user(Role.CITY_ADMIN)
    colleague = make_user(Role.STAFF, city=admin.city)
    token = token_for(colleague)
    their_browser = _sign_in(app, colleague)
    client = _sign_in(app, admin)

    client.submit(f"/people/{colleague.id}/role", {"role": "viewer"},
                  page=f"/people/{colleague.id}")
    session.refresh(colleague)
    assert colleague.role is Role.VIEWER
    assert their_browser.get("/").status_code == 302  # the session ended

    their_browser = _sign_in(app, colleague)
    api = {"Authorization": f"Bearer {token}"}
    assert _client(app).get("/api/v1/companies", headers=api).status_code == 200
    client.submit(f"/people/{colleague.id}/active", {"active": "0"},
                  page=f"/people/{colleague.id}")
    assert their_browser.get("/").status_code == 302
    assert _client(app).get("/api/v1/companies", headers=api).status_code == 401
    client.submit(f"/people/{colleague.id}/active", {"active": "1"},
                  page=f"/people/{colleague.id}")

    resp = client.submit(f"/people/{colleague.id}/reset", {}, page=f"/people/{colleague.id}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    key = LINK.search(html).group(2)
    rejected = _client(app).submit("/login", {"email": colleague.email,
                                              "password": TEST_PASSWORD})
    assert rejected.status_code == 401  # the old password stopped working
    _client(app).submit(f"/invitation/{key}", {"password": "nollattu-salasana",
                                               "confirm": "nollattu-salasana"})
    _sign_in(app, colleague, "nollattu-salasana")
    assert {"user.role", "user.deactivate", "user.activate", "user.reset_password",
            "user.reset_accepted"} <= set(_actions(session, colleague.id))


def test_own_api_tokens(app, session, make_user):
    user = make_user(Role.STAFF)
    other = make_user(Role.STAFF, city=user.city)
    client = _sign_in(app, user)
    resp = client.submit("/account/tokens", {"name": "Raportointi", "days": "30"})
    html = resp.get_data(as_text=True)
    raw = re.search(r'id="new-token"[^>]*value="(vt_[^"]+)"', html).group(1)
    token = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert token.name == "Raportointi"
    assert timedelta(days=29) < token.expires_at - utcnow() <= timedelta(days=30)
    api = {"Authorization": f"Bearer {raw}"}
    assert _client(app).get("/api/v1/companies", headers=api).status_code == 200
    session.refresh(token)
    assert token.last_used_at is not None
    assert client.submit("/account/tokens", {"name": "", "days": "999"}).status_code == 422

    # another user's token is not found; revoking one's own stops it at once
    other_client = _sign_in(app, other)
    assert other_client.submit(f"/account/tokens/{token.id}/revoke", {},
                               page="/account/tokens").status_code == 404
    client.submit(f"/account/tokens/{token.id}/revoke", {}, page="/account/tokens")
    assert _client(app).get("/api/v1/companies", headers=api).status_code == 401
    assert {"token.create", "token.revoke"} <= set(_actions(session, user.id))


def test_expired_token_stops(app, session, make_user):
    user = make_user(Role.STAFF)
    raw = people.create_own_token(session, user, "Lyhyt", 1, now=utcnow() - timedelta(days=2))
    api = {"Authorization": f"Bearer {raw}"}
    assert _client(app).get("/api/v1/companies", headers=api).status_code == 401


def test_coordinator_adds_and_ends_a_member_town(app, session, make_user):
    coordinator = make_user(Role.COORDINATOR)
    client = _sign_in(app, coordinator)
    page = client.get("/network/towns").get_data(as_text=True)
    assert "Raasepori / Raseborg (710)" in page
    resp = client.submit("/network/towns", {"code": "710"})
    assert resp.status_code == 302
    city = session.scalars(select(City).where(City.code == "710")).one()
    assert city.is_member and city.name_sv == "Raseborg" and city.language_status == "bilingual"
    assert client.submit("/network/towns", {"code": "999"}).status_code == 422
    client.submit("/network/towns/710/end", {}, page="/network/towns")
    session.refresh(city)
    assert not city.is_member
    assert "Päättyi" in client.get("/network/towns").get_data(as_text=True)
    admin = make_user(Role.CITY_ADMIN)
    assert _sign_in(app, admin).get("/network/towns").status_code == 403


def test_the_invitation_goes_by_mail_when_the_server_takes_it(app, session, make_user,
                                                               smtp_server, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", smtp_server.host)
    monkeypatch.setitem(app.config, "SMTP_PORT", smtp_server.port)
    admin = make_user(Role.CITY_ADMIN)
    resp = _invite(_sign_in(app, admin))
    html = resp.get_data(as_text=True)
    assert "lähetetty sähköpostilla" in html
    key = LINK.search(html).group(2)
    (message,) = smtp_server.messages
    assert message["To"].addresses[0].addr_spec == "uusi.henkilo@example.test"
    body = message.get_body(("plain",)).get_content()
    assert f"/invitation/{key}" in body and "Sinut on kutsuttu Veturiin" in body


def test_an_invitation_in_swedish_is_mailed_in_swedish(app, session, make_user, smtp_server,
                                                        monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", smtp_server.host)
    monkeypatch.setitem(app.config, "SMTP_PORT", smtp_server.port)
    _invite(_sign_in(app, make_user(Role.CITY_ADMIN)), ui_language="sv")
    (message,) = smtp_server.messages
    assert "Du har bjudits in till Veturi" in message.get_body(("plain",)).get_content()
