"""``SmtpMailer``: sends over SMTP (optionally STARTTLS and a login), reusing one connection for a
run of messages and reconnecting after a failure."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any

from app.mail import MailError


class SmtpMailer:
    """A ``Mailer`` on an SMTP server. Use as a context manager, or call ``close()``."""

    def __init__(self, host: str, port: int, *, user: str | None = None,
                 password: str | None = None, starttls: bool = False,
                 timeout: float = 30.0) -> None:
        self.host, self.port = host, port
        self.user, self.password = user, password
        self.starttls, self.timeout = starttls, timeout
        self._conn: smtplib.SMTP | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpMailer:
        """The relay of the ``SMTP_*`` settings (host, port, user, password, STARTTLS)."""
        return cls(config["SMTP_HOST"], int(config["SMTP_PORT"]), user=config.get("SMTP_USER"),
                   password=config.get("SMTP_PASSWORD"),
                   starttls=bool(config.get("SMTP_STARTTLS")))

    def _connect(self) -> smtplib.SMTP:
        if self._conn is not None:
            try:  # a reused connection the server has dropped is found here, not mid-message
                self._conn.noop()
            except (smtplib.SMTPException, OSError):
                self.close()
        if self._conn is None:
            conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            try:
                if self.starttls:
                    conn.starttls(context=ssl.create_default_context())
                if self.user:
                    conn.login(self.user, self.password or "")
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def send(self, message: EmailMessage) -> None:
        try:
            conn = self._connect()
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise MailError(_describe(exc), "unreachable") from exc
        try:
            conn.send_message(message)
        except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as exc:
            self._reset()
            raise MailError(_describe(exc), "refused") from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise MailError(_describe(exc), "unknown") from exc

    def _reset(self) -> None:
        """After a refusal the connection is still usable once the transaction is reset."""
        if self._conn is None:
            return
        try:
            self._conn.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            conn.close()

    def __enter__(self) -> SmtpMailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _describe(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:2000]
