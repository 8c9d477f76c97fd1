"""Signing in and out, and choosing the UI language."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.web.auth import views  # noqa: E402,F401  (routes register on import)
