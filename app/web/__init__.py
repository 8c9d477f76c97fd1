"""The web layer: one blueprint per area (``app/web/<area>/__init__.py`` defines ``bp``), thin views
that call ``app.services``. Areas are found automatically. An area that belongs in the main menu
declares ``NAV = (order, endpoint, label, action)``, or a list of them, next to its ``bp``; an
area that adds a section to the company page declares
``COMPANY_SECTIONS = [(order, provider, slot)]``, where
``provider(company, actor) -> (template, context) | None`` gathers the section's data and
``slot`` says where the page puts it: ``"side"`` (the profile sidebar), ``"panel"`` (the compact
panels above the timeline) or ``"main"`` (below the timeline, the default when left out)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from flask import Flask, render_template
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from app import authz
from app.presentation.deadlines import deadline
from app.presentation.paging import page_numbers
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
    sections: list[tuple[int, Any, str]] = []
    for module in _areas():
        app.register_blueprint(module.bp)
        entries = getattr(module, "NAV", ())
        nav.extend(
            entries if entries and isinstance(entries[0], tuple) else [entries] if entries else []
        )
        for entry in getattr(module, "COMPANY_SECTIONS", ()):
            order, provider, *rest = entry
            sections.append((order, provider, rest[0] if rest else "main"))
    app.jinja_env.globals["page_numbers"] = page_numbers  # the macros are imported
    app.jinja_env.globals["deadline"] = deadline
    nav.sort(key=lambda item: item[0])
    ordered = sorted(sections, key=lambda item: item[0])
    app.extensions["veturi.company_sections"] = [(provider, slot) for _o, provider, slot in ordered]

    def menu() -> list[tuple[str, Any]]:
        return [
            (endpoint, text)
            for _order, endpoint, text, action in nav
            if action is None or authz.can(current_user, action)
        ]

    @app.context_processor
    def _globals() -> dict:
        return {
            "can": lambda action, row=None: authz.can(current_user, action, row),
            "label": label,
            "size_label": label,
            "get_locale": lambda: str(get_locale() or "fi"),
            "main_menu": menu,
        }


SECTION_SLOTS = ("side", "panel", "main")


def company_sections(app: Flask, company: Any, actor: Any) -> dict[str, list[Markup]]:
    """The extra sections of a company page, rendered (autoescaped) in their order, by slot."""
    out: dict[str, list[Markup]] = {slot: [] for slot in SECTION_SLOTS}
    for provider, slot in app.extensions.get("veturi.company_sections", []):
        section = provider(company, actor)
        if section is not None:
            template, context = section
            out.setdefault(slot, []).append(
                Markup(render_template(template, company=company, **context)))
    return out
