"""The invitation or reset link by e-mail, through the mail part (``app.mail``): a use case
of its own so that the web layer only asks for it (and a CLI or API could too).

The inviter always sees the link too: mail may be slow, filtered or not set up, and the link is
worthless to anyone but the addressee once used.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from app.clock import utcnow, zone
from app.mail import MailError
from app.mail.render import build_message, date_text, new_message_id, render
from app.mail.smtp import SmtpMailer
from app.services.accounts.people import IssuedLink

log = logging.getLogger(__name__)


def send_link(link: IssuedLink, url: str, purpose: str, cfg: Mapping[str, Any]) -> bool:
    """Send the link to its user in their language, with the app's settings ``cfg``; False
    (logged) when the mail server did not take it."""
    user = link.user
    language = user.language if user.language in cfg["LANGUAGES"] else cfg["BABEL_DEFAULT_LOCALE"]
    tz = zone()
    rendered = render("invitation", language, user=user, url=url, purpose=purpose,
                      expires=date_text(link.expires_at, language, tz))
    message = build_message(
        rendered, sender=cfg["MAIL_FROM"], to_name=user.name, to_addr=user.email,
        message_id=new_message_id("invite", cfg["BASE_URL"]), unsubscribe_url=None,
        sent=utcnow())
    mailer = SmtpMailer.from_config(cfg)
    mailer.timeout = 10.0
    try:
        mailer.send(message)
    except MailError as exc:
        log.warning("invitation mail to user %s not sent: %s", user.id, exc)
        return False
    finally:
        mailer.close()
    return True
