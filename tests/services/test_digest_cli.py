"""``flask digest build|send|preview`` against a real local SMTP server."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import Role
from app.models.digest import Digest
from app.services import digest


def _keen(session, make_user, **over):
    user = make_user(Role.STAFF, **over)
    digest.set_preferences(session, user, digest.PreferenceInput(
        enabled=True, weekday=0, hour=7, language=None, min_score=0, scope="own",
        send_empty=True))
    return user


def test_build_dry_run_then_build_then_send(app, session, make_user, smtp_server, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", smtp_server.host)
    monkeypatch.setitem(app.config, "SMTP_PORT", smtp_server.port)
    monkeypatch.setitem(app.config, "DIGEST_SEND_RATE", 0)
    user = _keen(session, make_user, email="cli@example.test")
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["digest", "build", "--email", user.email, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 would be built" in dry.output
    assert session.scalar(select(func.count(Digest.id))) == 0

    built = runner.invoke(args=["digest", "build", "--email", user.email])
    assert built.exit_code == 0 and "1 built" in built.output
    again = runner.invoke(args=["digest", "build", "--email", user.email])
    assert "1 already built this week" in again.output

    dry_send = runner.invoke(args=["digest", "send", "--dry-run"])
    assert "1 digest(s) would be sent" in dry_send.output and smtp_server.received == []
    sent = runner.invoke(args=["digest", "send"])
    assert sent.exit_code == 0, sent.output
    assert "1 sent, 0 failed" in sent.output
    assert [m["To"].addresses[0].addr_spec for m in smtp_server.messages] == [user.email]
    assert "0 sent" in runner.invoke(args=["digest", "send"]).output


def test_send_reports_an_unreachable_server(app, session, make_user, smtp_server, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", smtp_server.host)
    monkeypatch.setitem(app.config, "SMTP_PORT", smtp_server.port)
    _keen(session, make_user)
    smtp_server.stop()
    runner = app.test_cli_runner()
    runner.invoke(args=["digest", "build"])
    result = runner.invoke(args=["digest", "send"])
    assert result.exit_code != 0 and "could not be reached" in result.output


def test_preview_prints_the_text_part(app, session, make_user):
    user = _keen(session, make_user, name="Päivi Öhman", language="en")
    result = app.test_cli_runner().invoke(args=["digest", "preview", "--email", user.email])
    assert result.exit_code == 0, result.output
    assert "Subject: Veturi weekly digest: nothing new this week" in result.output
    assert "Hello Päivi Öhman," in result.output and "/digest/unsubscribe/" in result.output
    unknown = app.test_cli_runner().invoke(args=["digest", "preview", "--email", "x@y.test"])
    assert unknown.exit_code != 0 and "no user" in unknown.output


def test_the_scheduler_job_builds_and_sends_the_due_digests_once(app, session, make_user,
                                                                  smtp_server, monkeypatch):
    from app.jobs.digest import build_and_send_due

    monkeypatch.setitem(app.config, "SMTP_HOST", smtp_server.host)
    monkeypatch.setitem(app.config, "SMTP_PORT", smtp_server.port)
    monkeypatch.setitem(app.config, "DIGEST_SEND_RATE", 0)
    user = make_user(Role.STAFF)
    # Monday 00:00: due at any moment of the week, whenever the test runs
    digest.set_preferences(session, user, digest.PreferenceInput(
        enabled=True, weekday=0, hour=0, language=None, min_score=0, scope="own",
        send_empty=True))
    assert build_and_send_due(app) == 1
    assert build_and_send_due(app) == 0
    assert len(smtp_server.received) == 1
