"""Friendly, translated error pages; NotFound hides other towns' rows as plain 404s."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException

from app.errors import Conflict, Forbidden, NotFound
from app.extensions import db
from app.i18n import gettext as _
from app.presentation.errors import API_PREFIX, json_error
from app.services.audit import log as audit_log


def _audit_refused_write(status: int) -> None:
    actor = g.get("api_user") or (current_user if current_user.is_authenticated else None)
    audit_log.record_denied(db.session, actor, method=request.method, path=request.path,
                            status=status)


def error_page(status: int, title: str, message: str, error: HTTPException | None = None):
    """The friendly page, or under /api/ the API's JSON error for an address no API route serves
    (the API's own routes answer through app/api/errors.py, the parser's field messages too)."""
    if request.path.startswith(API_PREFIX):
        return json_error(status, message)
    return render_template("error.html", status=status, title=title, message=message), status


_page = error_page


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(e):
        return _page(400, _("Bad request"), _("The request could not be understood."), e)

    @app.errorhandler(413)
    def too_large(e):
        # the page's own forms must not read the refused body again
        request.form = request.files = ImmutableMultiDict()  # type: ignore[misc]
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        return _page(413, _("Too large"), _(
            "The request is larger than %(mb)s MB. Split the file into smaller ones.",
            mb=max(1, limit // (1024 * 1024))), e)

    @app.errorhandler(HTTPException)
    def any_http_error(e):
        """Every other HTTP error (405, 414, 422 of the API's parser ...): page or JSON."""
        if request.path.startswith("/api/"):
            return _page(e.code or 500, e.name, e.description or e.name, e)
        return _page(e.code or 500, _("Bad request"), _("The request could not be understood."))

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
