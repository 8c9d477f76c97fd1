"""The digest pages: settings and preview (signed in), unsubscribe by link and by the one-click
POST of RFC 8058 (no login, no CSRF token: only a valid signed token), the admins' list."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Role
from app.models.audit import AuditEvent
from app.models.digest import Digest, DigestStatus
from app.services import digest
from app.services.digest._compose import unsubscribe_token


def _token(app, user):
    return unsubscribe_token(user.id, app.config["SECRET_KEY"])


def test_link_shows_a_confirm_page_then_the_button_unsubscribes_without_login(
        app, client, session, make_user):
    user = make_user(Role.STAFF, email="liisa@example.test")
    url = f"/digest/unsubscribe/{_token(app, user)}"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "liisa@example.test" in html and f'action="{url}"' in html
    assert digest.preferences_of(session, user).enabled  # a GET changes nothing
    done = client.post(url)  # the page's button: no CSRF token, no session
    assert done.status_code == 200
    session.expire_all()
    assert not digest.preferences_of(session, user).enabled
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "digest.unsubscribe"))


def test_one_click_post_unsubscribes(app, client, session, make_user):
    user = make_user(Role.STAFF)
    resp = client.post(f"/digest/unsubscribe/{_token(app, user)}",
                       data={"List-Unsubscribe": "One-Click"})
    assert resp.status_code == 200
    session.expire_all()
    assert not digest.preferences_of(session, user).enabled


def test_a_forged_or_altered_token_is_refused_and_changes_nothing(app, client, session,
                                                                  make_user):
    user = make_user(Role.STAFF)
    forged = unsubscribe_token(user.id, "not-our-key")
    for token in (forged, _token(app, user)[:-2] + "xx", "garbage"):
        assert client.get(f"/digest/unsubscribe/{token}").status_code == 404
        assert client.post(f"/digest/unsubscribe/{token}",
                           data={"List-Unsubscribe": "One-Click"}).status_code == 404
    session.expire_all()
    assert digest.preferences_of(session, user).enabled


def test_other_posts_still_need_csrf(client, session, make_user, login):
    user = make_user(Role.STAFF)
    login(user)
    resp = client.post("/digest/preferences", data={"weekday": "2", "hour": "8",
                                                    "min_score": "10"})
    assert resp.status_code in (400, 422)
    assert digest.preferences_of(session, user).weekday == 0


def test_preferences_page_saves_and_rejects_bad_input(client, session, make_user, login):
    user = make_user(Role.STAFF)
    login(user)
    page = client.get("/digest/preferences").get_data(as_text=True)
    assert "<legend>" in page and 'name="weekday"' in page and 'name="scope"' not in page
    bad = client.submit("/digest/preferences", {"enabled": "y", "weekday": "2", "hour": "8",
                                                "language": "en", "min_score": "250"})
    assert bad.status_code == 422
    session.expire_all()
    assert digest.preferences_of(session, user).weekday == 0
    ok = client.submit("/digest/preferences", {"enabled": "y", "weekday": "2", "hour": "8",
                                               "language": "en", "min_score": "40"})
    assert ok.status_code == 302
    session.expire_all()
    pref = digest.preferences_of(session, user)
    assert (pref.enabled, pref.weekday, pref.hour, pref.language, pref.min_score) == (
        True, 2, 8, "en", 40)
    assert not pref.send_empty


def test_coordinator_chooses_a_scope(client, session, make_user, login):
    coordinator = make_user(Role.COORDINATOR)
    login(coordinator)
    assert 'name="scope"' in client.get("/digest/preferences").get_data(as_text=True)
    resp = client.submit("/digest/preferences", {"enabled": "y", "weekday": "0", "hour": "7",
                                                 "language": "", "min_score": "0",
                                                 "scope": "network"})
    assert resp.status_code == 302
    session.expire_all()
    assert digest.preferences_of(session, coordinator).scope.value == "network"


def test_preview_shows_the_message_that_would_be_sent(client, make_user, login):
    user = make_user(Role.STAFF, name="Väinö Ölander")
    login(user)
    page = client.get("/digest/preview")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Veturin viikkokooste" in html and "Hei Väinö Ölander," in html
    frame = client.get("/digest/preview/message.html")
    assert frame.status_code == 200
    assert "style-src 'unsafe-inline'" in frame.headers["Content-Security-Policy"]
    assert "script-src" not in frame.headers["Content-Security-Policy"]
    assert "Hei Väinö Ölander," in frame.get_data(as_text=True)


def test_pages_need_login(client):
    assert client.get("/digest/preferences").status_code == 302
    assert client.get("/digest/preview").status_code == 302


def test_admin_sees_digests_out_of_attempts_in_their_town(app, client, session, make_user,
                                                         login):
    staff = make_user(Role.STAFF, email="jumissa@example.test")
    admin = make_user(Role.CITY_ADMIN, city=staff.city)
    other_admin = make_user(Role.CITY_ADMIN)
    from datetime import date

    session.add(Digest(user_id=staff.id, period=date(2026, 11, 30), status=DigestStatus.FAILED,
                       attempts=app.config["DIGEST_MAX_ATTEMPTS"], recipient=staff.email,
                       language="fi", message_id="<x@example.test>", last_error="550 no"))
    session.flush()
    login(admin)
    assert "jumissa@example.test" in client.get("/digest/preferences").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": client.csrf_token("/digest/preferences")})
    login(other_admin)
    assert "jumissa@example.test" not in client.get("/digest/preferences").get_data(as_text=True)
