"""The weekly digest's pages: the user's settings, the preview of their next digest, the
unsubscribe link of the e-mails (no login), and the digests an admin must look at."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint

from app.presentation.reasons import one_line

bp = Blueprint("digest", __name__)


@bp.app_template_global("digest_reason_line")
def digest_reason_line(reasons: Any, today: date) -> str:
    """The short reasons of a match in the digest e-mail (the lists' one line, without the
    deadline, which the digest shows on its own)."""
    kept = [r for r in reasons if r.code not in ("deadline", "continuous", "deadline_unknown")]
    return one_line(kept, today=today, deadline="").rstrip("; ")


from app.web.digest import views  # noqa: E402,F401  (routes register on import)
