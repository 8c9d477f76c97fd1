"""Signing in and out, the user's own sessions and password, and choosing the UI language."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.web.accounts import account, views  # noqa: E402,F401  (routes register on import)
