"""Messages from templates: ``render`` gives a subject, a plain-text and an HTML body in one
language; ``build_message`` puts them into a multipart/alternative ``EmailMessage`` with the
headers a well-behaved bulk sender sets (Message-ID, Date, List-Unsubscribe with one-click POST as
RFC 8058 asks, Auto-Submitted). Non-ASCII text (ä, ö, å) is encoded by the ``email`` package:
RFC 2047 in headers, UTF-8 quoted-printable or base64 in the bodies.

Templates: ``mail/<name>_subject.txt``, ``mail/<name>.txt`` and ``mail/<name>.html`` (the HTML
with inline CSS and a single-column table layout, which Outlook and phones both render).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from flask import render_template
from flask_babel import force_locale

from app.presentation import formatting

# a moment in an e-mail, per language: "3.12.2026 klo 16.00", "3 Dec 2026 at 16:00"
_MOMENT_PATTERNS = {"fi": "d.M.yyyy 'klo' H.mm", "sv": "d.M.yyyy 'kl.' HH.mm",
                    "en": "d MMM yyyy 'at' HH:mm"}


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


def date_text(value: date | datetime | None, language: str, tz: ZoneInfo) -> str:
    """A date in the reader's one style (3.12.2026; 3 Dec 2026 in English), with the time for a
    moment ("klo 16.00", "kl. 16.00", "at 16:00")."""
    if value is None:
        return ""
    lang = formatting.language(language)
    if isinstance(value, datetime):
        pattern = _MOMENT_PATTERNS[lang]
        return babel_format_datetime(value, pattern, tzinfo=tz,
                                     locale=formatting.format_locale(lang))
    return babel_format_date(value, formatting.DATE_PATTERNS[lang],
                             locale=formatting.format_locale(lang))


def render(name: str, language: str, **context: Any) -> Rendered:
    """Render the three templates of ``name`` in ``language`` (needs an app context)."""
    with force_locale(language):
        subject = render_template(f"mail/{name}_subject.txt", **context)
        text = render_template(f"mail/{name}.txt", **context)
        html = render_template(f"mail/{name}.html", **context)
    # the text template's blocks leave runs of empty lines: one empty line between paragraphs
    text = re.sub(r"\n[ \t]*(\n[ \t]*)+\n", "\n\n", text.strip())
    return Rendered(" ".join(subject.split()), text + "\n", html)


def new_message_id(key: str, base_url: str) -> str:
    """A unique Message-ID on the site's domain; ``key`` makes it readable in logs."""
    domain = base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    # short enough that "Message-ID: <...>" stays on one line (no folding) for usual domains
    return f"<{key}.{secrets.token_hex(8)}@{domain}>"


def build_message(rendered: Rendered, *, sender: str, to_name: str, to_addr: str,
                  message_id: str, unsubscribe_url: str | None, sent: datetime) -> EmailMessage:
    """The multipart message (text first, then HTML: clients show the last they can)."""
    msg = EmailMessage()
    msg["Subject"] = rendered.subject
    msg["From"] = sender
    msg["To"] = Address(display_name=to_name, addr_spec=to_addr)
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(rendered.text, charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    return msg
