"""The web layer: one blueprint per area (``app/web/<area>/__init__.py`` defines ``bp``), thin views
that call ``app.services``. Areas are found automatically; an area that belongs in the main menu
declares ``NAV = (order, endpoint, label, action)`` next to its ``bp``."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from flask import Flask
from flask_babel import get_locale
from flask_login import current_user

from app import authz
from app.web.labels import label


def _areas() -> list[Any]:
    import app.web as web

    modules = []
    for info in sorted(pkgutil.iter_modules(web.__path__), key=lambda i: i.name):
        if info.ispkg:
            module = importlib.import_module(f"app.web.{info.name}")
            if hasattr(module, "bp"):
                modules.append(module)
    return modules


def register_blueprints(app: Flask) -> None:
    nav: list[tuple[int, str, Any, str | None]] = []
    for module in _areas():
        app.register_blueprint(module.bp)
        if hasattr(module, "NAV"):
            nav.append(module.NAV)
    nav.sort(key=lambda item: item[0])

    def menu() -> list[tuple[str, Any]]:
        return [(endpoint, text) for _order, endpoint, text, action in nav
                if action is None or authz.can(current_user, action)]

    @app.context_processor
    def _globals() -> dict:
        return {
            "can": lambda action, row=None: authz.can(current_user, action, row),
            "label": label,
            "size_label": label,
            "get_locale": lambda: str(get_locale() or "fi"),
            "main_menu": menu,
        }
