"""Building and sending e-mail, behind a small interface.

``render`` turns templates under ``app/templates/mail/`` into a multipart message; a ``Mailer``
hands a message to a mail server. Production uses ``smtp.SmtpMailer`` on the configured relay;
tests use the same class against a real SMTP server on localhost (aiosmtpd). Services take a
``Mailer`` as an argument, so nothing here is global.
"""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol


class MailError(Exception):
    """The message was not (surely) delivered to the mail server; ``str()`` says why.

    ``kind`` tells what a retry risks: ``"unreachable"`` (no connection: nothing was handed
    over), ``"refused"`` (the server answered with an error: it did not take the message) or
    ``"unknown"`` (the connection broke on the way: the server may have taken it).
    """

    def __init__(self, message: str, kind: str = "refused") -> None:
        super().__init__(message)
        self.kind = kind


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Hand one message to the mail server; raise MailError if it was not accepted."""

    def close(self) -> None:
        """Let go of any open connection."""


__all__ = ["MailError", "Mailer"]
