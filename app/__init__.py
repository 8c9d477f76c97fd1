"""The Veturi web application: ``create_app`` wires configuration, extensions and blueprints.

It only wires: migrations, the scheduler and demo data run through explicit commands
(``flask db upgrade``, ``flask scheduler``, ``flask seed-demo``), never at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dotenv import load_dotenv
from flask import Flask

from config import INSTANCE_DIR, Config, load_config


def create_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    """Build the app from a Config object, a mapping of overrides, or the environment."""
    load_dotenv()
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=False)
    if isinstance(config, Config):
        cfg = config
    else:
        cfg = load_config()
        for key, value in (config or {}).items():
            setattr(cfg, key, value)
    cfg.validate()
    app.config.from_mapping(cfg.as_dict())
    # one Finnish catalog per area (app/translations/<area>/fi/...), merged by Flask-Babel
    translations = Path(app.root_path) / "translations"
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(
        str(p) for p in sorted(translations.iterdir()) if p.is_dir()
    )

    from app import api, extensions, security
    from app.cli import register_commands
    from app.i18n import register_filters, select_locale, select_timezone
    from app.web import guard, register_blueprints
    from app.web.errors import register_error_handlers

    extensions.db.init_app(app)
    with app.app_context():
        for engine in extensions.db.engines.values():
            extensions.configure_engine(engine)
    extensions.migrate.init_app(app, extensions.db, directory=str(_migrations_dir()))
    extensions.csrf.init_app(app)
    extensions.babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    security.init_app(app)
    guard.init_app(app)  # before the blueprints: their <int:...> routes use its converter
    register_filters(app)
    register_blueprints(app)
    api.init_app(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def _migrations_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "migrations"
