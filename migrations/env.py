"""Alembic environment: one linear chain, batch mode on SQLite, the app's metadata as target."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from app.models.base import include_object

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_metadata():
    return target_db.metadata


def run_migrations_offline() -> None:
    url = target_db.engine.url.render_as_string(hide_password=False)
    context.configure(
        url=url,
        target_metadata=get_metadata(),
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def _render_item(type_, obj, autogen_context):
    """Write UtcDateTime as a plain timezone-aware DateTime: revisions never import app."""
    if type_ == "type" and type(obj).__name__ == "UtcDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def _skip_empty(ctx, revision, directives):
    """Autogenerate writes no revision when nothing changed."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_online() -> None:
    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", _skip_empty)
    conf_args.setdefault("render_item", _render_item)
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection, conf_args)
        return
    with target_db.engine.connect() as conn:
        _run(conn, conf_args)


def _run(connection, conf_args) -> None:
    sqlite = connection.dialect.name == "sqlite"
    conf_args["render_as_batch"] = sqlite
    # an index that only another engine has (a PostgreSQL GIN index) is no difference here
    conf_args.setdefault("include_object", include_object(connection.dialect.name))
    if sqlite and not connection.in_transaction():
        # SQLite's batch mode rebuilds a table (copy, drop, rename); with foreign keys enforced the
        # drop fails while other rows point at it. Enforcement can only be switched outside a
        # transaction, so it is done on the raw connection, and checked again afterwards.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
    try:
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if sqlite and not connection.in_transaction():
            raw = connection.connection.driver_connection
            broken = raw.execute("PRAGMA foreign_key_check").fetchall()
            raw.execute("PRAGMA foreign_keys=ON")
            if broken:
                raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
