"""The web layer: one blueprint per area, thin views that call ``app.services``."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale
from flask_login import current_user

from app import authz
from app.web.labels import label


def register_blueprints(app: Flask) -> None:
    from app.web.auth import bp as auth_bp
    from app.web.companies import bp as companies_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(companies_bp)

    @app.context_processor
    def _globals() -> dict:
        return {
            "can": lambda action, row=None: authz.can(current_user, action, row),
            "label": label,
            "size_label": label,
            "get_locale": lambda: str(get_locale() or "fi"),
        }
