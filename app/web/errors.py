"""Friendly, translated error pages; NotFound hides other towns' rows as plain 404s."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from app.errors import Conflict, Forbidden, NotFound
from app.extensions import db
from app.i18n import gettext as _
from app.presentation.errors import API_PREFIX, json_error
from app.services.audit import log as audit_log

log = logging.getLogger(__name__)


_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _audit_refused_write(status: int) -> None:
    """A refused attempt to change something is audited (who, what path), reads are not."""
    actor = g.get("api_user") or (current_user if current_user.is_authenticated else None)
    if request.method not in _WRITES or actor is None:
        return
    try:
        audit_log.record_denied(db.session, actor, method=request.method, path=request.path,
                                status=status)
    except Exception:  # noqa: BLE001 - the refusal itself must still be answered
        log.exception("could not audit a refused request")
        db.session.rollback()


def _page(status: int, title: str, message: str):
    if request.path.startswith(API_PREFIX):  # an address no API route serves (the API's own
        return json_error(status, message)   # routes answer through app/api/errors.py)
    return render_template("error.html", status=status, title=title, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(_e):
        return _page(400, _("Bad request"), _("The request could not be understood."))

    @app.errorhandler(CSRFError)
    def csrf_error(_e):
        return _page(
            400, _("The form expired"),
            _("The form's security token was missing or expired. Go back, reload and try again."),
        )

    @app.errorhandler(403)
    @app.errorhandler(Forbidden)
    def forbidden(_e):
        _audit_refused_write(403)
        return _page(403, _("Not allowed"), _("Your role does not allow this action."))

    @app.errorhandler(404)
    @app.errorhandler(NotFound)
    def not_found(_e):
        _audit_refused_write(404)
        return _page(404, _("Not found"), _("The page or record you asked for does not exist."))

    @app.errorhandler(Conflict)
    def conflict(e):
        return _page(409, _("Conflict"), str(e.message) or _("The record changed meanwhile."))

    @app.errorhandler(500)
    def server_error(_e):
        db.session.rollback()
        return _page(500, _("Something went wrong"), _("The error was logged. Please try again."))
