"""The weekly digest end to end against a real SMTP server on localhost (aiosmtpd): what the
message holds, its headers and encoding, and that an outage or a second run neither loses a
digest nor sends one twice."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.errors import NotFound
from app.mail.smtp import SmtpMailer
from app.models import Role, Task
from app.models.digest import Digest, DigestStatus
from app.models.funding import FundingSource
from app.models.funding_calls import CallStatus, FundingCall
from app.models.matches import Match, MatchStatus
from app.services import digest
from app.services.digest import _outbox

# Monday 7 December 2026, 08:00 in Helsinki (winter time, UTC+2): Monday 07:00 is due
NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
PERIOD = date(2026, 12, 7)
BASE = "https://veturi.example.fi"


@pytest.fixture()
def config(app, smtp_server):
    return {**app.config, "BASE_URL": BASE, "DIGEST_SEND_RATE": 0, "DIGEST_MAX_ATTEMPTS": 3,
            "SMTP_HOST": smtp_server.host, "SMTP_PORT": smtp_server.port}


@pytest.fixture()
def mailer(smtp_server):
    with SmtpMailer(smtp_server.host, smtp_server.port, timeout=5) as m:
        yield m


@pytest.fixture()
def world(session, make_user, make_company, make_city):
    staff = make_user(Role.STAFF, name="Sisko Ääriö", email="sisko@example.test", language="fi")
    other_town = make_city()
    own = make_company(city=staff.city, name="Hyvinkään Höyläämö Oy", owner_id=staff.id)
    unowned = make_company(city=staff.city, name="Toisen Oma Oy")
    foreign = make_company(city=other_town, name="Vieraan Kaupungin Oy", owner_id=staff.id)
    source = FundingSource(name="digestilähde", kind="manual")
    session.add(source)
    session.flush()
    calls = {}
    for n, (key, title, deadline) in enumerate([
        ("good", "Älykäs tuotanto – kehittämisavustus", datetime(2027, 1, 15, 14, 15, tzinfo=UTC)),
        ("low", "Matalan pisteen haku", None),
        ("applying", "Käynnissä oleva haku", NOW + timedelta(days=10)),
        ("foreign", "Toisen kaupungin haku", None),
    ]):
        call = FundingCall(funding_source_id=source.id, source_id=f"d{n}", title=title,
                           programme="Uudistuva ja osaava Suomi", status=CallStatus.OPEN,
                           url=f"https://rahoitus.example.fi/haku/{key}",
                           deadlines=[], next_deadline_at=deadline,
                           is_continuous=deadline is None, content_hash=f"dh{n}")
        session.add(call)
        calls[key] = call
    session.flush()
    recent = NOW - timedelta(days=1)
    reasons = [{"code": "shared_keyword", "params": {"keyword": "älykäs tuotanto"}}]
    matches = {
        "good": Match(company_id=own.id, call_id=calls["good"].id, score=72.4, rank=1,
                      reasons=reasons, computed_at=recent),
        "low": Match(company_id=own.id, call_id=calls["low"].id, score=12.0, rank=2,
                     computed_at=recent),
        "applying": Match(company_id=own.id, call_id=calls["applying"].id, score=50.0, rank=3,
                          status=MatchStatus.APPLYING, computed_at=NOW - timedelta(days=40)),
        "unowned": Match(company_id=unowned.id, call_id=calls["good"].id, score=90.0, rank=1,
                         computed_at=recent),
        "foreign": Match(company_id=foreign.id, call_id=calls["foreign"].id, score=90.0,
                         rank=1, computed_at=recent),
    }
    session.add_all(matches.values())
    task = Task(company_id=own.id, title="Soita yrittäjälle", due_on=date(2026, 12, 1),
                assignee_id=staff.id)
    session.add(task)
    session.flush()
    digest.set_preferences(session, staff, digest.PreferenceInput(
        enabled=True, weekday=0, hour=7, language=None, min_score=30, scope="own",
        send_empty=False))
    return {"staff": staff, "own": own, "matches": matches, "calls": calls, "task": task}


def _rows(session, user):
    return list(session.scalars(select(Digest).where(Digest.user_id == user.id)))


def test_the_received_message_has_both_parts_the_headers_and_the_right_content(
        session, world, config, mailer, smtp_server):
    staff = world["staff"]
    built = digest.build_digests(session, config=config, now=NOW, emails=[staff.email])
    assert (built.pending, built.skipped) == (1, 0)
    sent = digest.send_pending(session, mailer, config=config)
    assert sent.sent == 1

    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == ["sisko@example.test"]
    raw = envelope.original_content
    [msg] = smtp_server.messages
    # headers: non-ASCII encoded (RFC 2047), decoded back correctly
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert re.search(rb"^Subject: .*=\?utf-8\?q\?ty=C3=B6listalle\?=", head, re.M | re.I)
    assert re.search(rb"^To: Sisko =\?utf-8\?", head, re.M | re.I)
    assert msg["Subject"] == "Veturin viikkokooste: 3 asiaa työlistalle (7.12.2026)"
    assert msg["To"].addresses[0].display_name == "Sisko Ääriö"
    [row] = _rows(session, staff)
    assert row.status is DigestStatus.SENT and row.sent_at is not None and row.attempts == 1
    assert msg["Message-ID"] == row.message_id and row.message_id.endswith("@veturi.example.fi>")
    assert re.search(rb"^Message-ID: <[^\r\n]+>\r?$", head, re.M)  # one line, never folded
    unsubscribe = re.fullmatch(r"<(.+)>", msg["List-Unsubscribe"]).group(1)
    assert unsubscribe.startswith(f"{BASE}/digest/unsubscribe/")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # parts: text then HTML, both UTF-8
    assert msg.get_content_type() == "multipart/alternative"
    text_part, html_part = msg.iter_parts()
    assert text_part.get_content_type() == "text/plain"
    assert html_part.get_content_type() == "text/html"
    assert text_part.get_content_charset() == html_part.get_content_charset() == "utf-8"
    text, html = text_part.get_content(), html_part.get_content()
    # content: Finnish, the right matches only, dates as Finns write them, links
    assert "Hei Sisko Ääriö," in text
    assert "Hyvinkään Höyläämö Oy" in text and "Älykäs tuotanto – kehittämisavustus" in text
    assert "Pisteet: 72/100" in text and "15.1.2027 klo 16.15" in text
    assert "Uudistuva ja osaava Suomi" in text and "älykäs tuotanto" in text
    good = world["matches"]["good"]
    assert f"{BASE}/matches/{good.id}" in text
    assert "https://rahoitus.example.fi/haku/good" in text
    assert "Matalan pisteen haku" not in text  # below the user's minimum score
    assert "Toisen kaupungin haku" not in text  # another town's company: outside authz scope
    assert "Toisen Oma Oy" not in text  # not the user's company
    assert "Käynnissä oleva haku" in text and "17.12.2026" in text  # deadline within 30 days
    assert "Soita yrittäjälle" in text and "1.12.2026" in text  # overdue task
    assert unsubscribe in text
    assert f'href="{BASE}/matches/{good.id}"' in html
    assert 'href="https://rahoitus.example.fi/haku/good"' in html
    assert f'href="{unsubscribe}"' in html and "Älykäs tuotanto" in html


def test_english_user_gets_english(session, world, config, mailer, smtp_server):
    staff = world["staff"]
    staff.language = "en"
    session.flush()
    digest.build_digests(session, config=config, now=NOW, emails=[staff.email])
    digest.send_pending(session, mailer, config=config)
    [msg] = smtp_server.messages
    text = msg.get_body(("plain",)).get_content()
    assert "Hello Sisko Ääriö," in text and "Score: 72/100" in text
    assert "15 Jan 2027 at 16:15" in text


def test_refused_connections_then_back_sends_once_and_loses_nothing(
        session, world, config, smtp_server):
    staff = world["staff"]
    smtp_server.stop()
    digest.build_digests(session, config=config, now=NOW)
    mailer = SmtpMailer(smtp_server.host, smtp_server.port, timeout=5)
    down = digest.send_pending(session, mailer, config=config)
    assert down.sent == 0 and down.stopped and "Connection" in down.stopped
    [row] = _rows(session, staff)
    assert row.status is DigestStatus.FAILED and row.attempts == 0 and row.last_error
    again = digest.send_pending(session, mailer, config=config)  # still down: nothing used up
    assert again.sent == 0 and _rows(session, staff)[0].attempts == 0

    smtp_server.start()
    back = digest.send_pending(session, mailer, config=config)
    assert back.sent == 1
    assert digest.send_pending(session, mailer, config=config).rows == 0
    assert len(smtp_server.received) == 1
    session.refresh(row)
    assert row.status is DigestStatus.SENT and row.last_error is None


def test_a_second_build_and_send_in_the_period_sends_nothing_more(
        session, world, config, mailer, smtp_server):
    staff = world["staff"]
    digest.build_digests(session, config=config, now=NOW)
    digest.send_pending(session, mailer, config=config)
    later = NOW + timedelta(days=2)
    again = digest.build_digests(session, config=config, now=later)
    assert again.pending == 0 and again.existing >= 1
    assert digest.send_pending(session, mailer, config=config).sent == 0
    assert len(smtp_server.received) == 1
    assert len(_rows(session, staff)) == 1


def test_a_refused_message_is_retried_up_to_the_limit_then_shown_to_admins(
        session, world, config, mailer, smtp_server, make_user):
    staff = world["staff"]
    smtp_server.reply = "550 5.7.1 Mailbox unavailable"
    digest.build_digests(session, config=config, now=NOW)
    for attempt in range(1, 4):
        result = digest.send_pending(session, mailer, config=config)
        assert result.failed == 1 and "550" in result.errors[0]
        assert _rows(session, staff)[0].attempts == attempt
    assert digest.send_pending(session, mailer, config=config).rows == 0  # out of attempts
    admin = make_user(Role.CITY_ADMIN, city=staff.city)
    outsider = make_user(Role.CITY_ADMIN)
    [row] = digest.needs_attention(session, admin, config=config)
    assert row.user_id == staff.id and row.status is DigestStatus.FAILED
    assert digest.needs_attention(session, outsider, config=config) == []
    smtp_server.reply = None
    digest.retry(session, admin, row.id, config=config)
    assert digest.send_pending(session, mailer, config=config).sent == 1
    assert len(smtp_server.received) == 1


def test_a_row_left_in_sending_is_never_sent_again_automatically(
        session, world, config, mailer, smtp_server, make_user):
    """The process died after claiming the row (it may have handed the message to SMTP)."""
    staff = world["staff"]
    digest.build_digests(session, config=config, now=NOW)
    [row] = _rows(session, staff)
    assert _outbox.claim(session, row.id, 3, NOW)
    assert digest.send_pending(session, mailer, config=config).rows == 0
    assert smtp_server.received == []
    admin = make_user(Role.CITY_ADMIN, city=staff.city)
    assert [r.id for r in digest.needs_attention(session, admin, config=config,
                                                 now=NOW + timedelta(hours=1))
            ] == [row.id]


def test_nothing_to_tell_is_not_sent_unless_wanted(session, make_user, config, mailer,
                                                    smtp_server):
    quiet = make_user(Role.STAFF)
    keen = make_user(Role.STAFF)
    digest.set_preferences(session, keen, digest.PreferenceInput(
        enabled=True, weekday=0, hour=7, language="en", min_score=0, scope="own",
        send_empty=True))
    built = digest.build_digests(session, config=config, now=NOW, emails=[quiet.email, keen.email])
    assert (built.pending, built.skipped) == (1, 1)
    digest.send_pending(session, mailer, config=config)
    [msg] = smtp_server.messages
    assert msg["To"].addresses[0].addr_spec == keen.email
    assert "nothing new" in msg["Subject"]


def test_due_only_builds_after_the_users_hour_and_catches_up_once(
        session, world, config, mailer, smtp_server):
    staff = world["staff"]
    early = datetime(2026, 12, 7, 4, 59, tzinfo=UTC)  # 06:59 in Helsinki
    assert digest.run_due(session, mailer, config=config, now=early)[0].users == 0
    assert _rows(session, staff) == []
    # the scheduler was down from Monday morning to Wednesday: the digest goes then, once
    wednesday = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)
    built, sent = digest.run_due(session, mailer, config=config, now=wednesday)
    assert built.pending == 1 and sent.sent == 1
    built, sent = digest.run_due(session, mailer, config=config,
                                 now=wednesday + timedelta(minutes=15))
    assert built.pending == 0 and sent.sent == 0
    assert len(smtp_server.received) == 1


def test_the_next_digest_shows_only_matches_since_the_last(session, world, config, mailer):
    staff = world["staff"]
    digest.build_digests(session, config=config, now=NOW)
    next_week = NOW + timedelta(days=7)
    assert digest.build_digests(session, config=config, now=next_week).pending == 1
    [first, second] = sorted(_rows(session, staff), key=lambda r: r.period)
    assert first.status is DigestStatus.PENDING
    # the overdue task is still to tell; the matches of last week are not repeated
    assert second.status is DigestStatus.PENDING
    assert "Soita yrittäjälle" in second.body_text
    assert "Älykäs tuotanto" not in second.body_text


def test_dry_run_writes_nothing(session, world, config):
    built = digest.build_digests(session, config=config, now=NOW, dry_run=True)
    assert built.pending >= 1
    assert _rows(session, world["staff"]) == []


def test_preview_is_exactly_what_is_built(session, world, config):
    staff = world["staff"]
    shown = digest.preview(session, staff, config=config, now=NOW)
    digest.build_digests(session, config=config, now=NOW, emails=[staff.email])
    [row] = _rows(session, staff)
    assert (shown.rendered.subject, shown.rendered.text, shown.rendered.html) == (
        row.subject, row.body_text, row.body_html)


def test_unsubscribe_turns_the_digest_off_and_refuses_a_forged_token(session, world, config):
    staff = world["staff"]
    token = digest._compose.unsubscribe_token(staff.id, config["SECRET_KEY"])
    with pytest.raises(NotFound):
        digest.unsubscribe(session, token + "x", config["SECRET_KEY"])
    with pytest.raises(NotFound):
        digest.unsubscribe(session, digest._compose.unsubscribe_token(staff.id, "other-key"),
                           config["SECRET_KEY"])
    assert digest.preferences_of(session, staff).enabled
    digest.unsubscribe(session, token, config["SECRET_KEY"])
    assert not digest.preferences_of(session, staff).enabled
    assert digest.build_digests(session, config=config, now=NOW).users == 0


def test_bad_preferences_change_nothing(session, world):
    from app.errors import FieldError

    staff = world["staff"]
    with pytest.raises(FieldError) as caught:
        digest.set_preferences(session, staff, digest.PreferenceInput(
            enabled=False, weekday=7, hour=24, language="sv", min_score=101, scope="network",
            send_empty=True))
    assert {e.field for e in caught.value.errors} == {"weekday", "hour", "language",
                                                      "min_score", "scope"}
    pref = digest.preferences_of(session, staff)
    assert (pref.enabled, pref.weekday, pref.min_score) == (True, 0, 30)


def test_a_digest_of_an_account_deactivated_after_building_is_not_sent(
        session, world, config, mailer, smtp_server):
    staff = world["staff"]
    digest.build_digests(session, config=config, now=NOW)
    staff.is_active_account = False
    session.flush()
    assert digest.send_pending(session, mailer, config=config).sent == 0
    assert smtp_server.received == []
    assert _rows(session, staff)[0].status is DigestStatus.SKIPPED


def test_stalled_pipeline_companies_of_the_user_are_in_the_digest(session, world, config):
    """A company of the user's on the board with no contact within its stage's limit is listed
    with its stage; another town's company on the board is not."""
    from app.services import pipeline

    staff = world["staff"]
    long_ago = NOW - timedelta(days=200)
    pipeline.move_company(session, staff, world["own"].id, "first_contact", expected_stage=None,
                          now=long_ago)
    shown = digest.preview(session, staff, config=config, now=NOW)
    [stalled] = shown.content.stalled
    assert (stalled.company_id, stalled.stage) == (world["own"].id, "Ensikontakti")
    assert stalled.since == (long_ago + timedelta(hours=2)).date()  # entered the stage, no contact
    assert "Pysähtyneet putken yritykset (1)" in shown.rendered.text
    assert "Hyvinkään Höyläämö Oy: Ensikontakti" in shown.rendered.text


def test_swedish_user_gets_swedish_with_finland_swedish_dates(session, world, config, mailer,
                                                              smtp_server):
    staff = world["staff"]
    staff.language = "sv"
    session.flush()
    digest.build_digests(session, config=config, now=NOW, emails=[staff.email])
    digest.send_pending(session, mailer, config=config)
    [msg] = smtp_server.messages
    text = msg.get_body(("plain",)).get_content()
    assert "Hej Sisko Ääriö," in text and "Nya finansieringsmatchningar" in text
    assert "15.1.2027 kl. 16.15" in text
    assert '<html lang="sv">' in msg.get_body(("html",)).get_content()
