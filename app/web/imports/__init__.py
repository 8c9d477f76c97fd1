"""Importing the company lists staff keep: upload, mapping, dry run with decisions, and the
import itself, each long step in a background job whose progress the page polls."""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")

from app.web.imports import views  # noqa: E402,F401  (routes register on import)
