"""The weekly digest's pages: the user's settings, the preview of their next digest, the
unsubscribe link of the e-mails (no login), and the digests an admin must look at."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("digest", __name__)


from app.web.digest import views  # noqa: E402,F401  (routes register on import)
