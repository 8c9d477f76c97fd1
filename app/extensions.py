"""Flask extensions, created unbound and wired to the app in ``create_app``."""

from __future__ import annotations

from typing import Any

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.limits import clean_stored
from app.models.base import Base

# create_savepoint lets a test wrap every service commit in an outer transaction; in production
# the session is bound to an engine, where the option changes nothing.
db = SQLAlchemy(model_class=Base, session_options={"join_transaction_mode": "create_savepoint"})
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def configure_engine(engine: Engine) -> None:
    """SQLite: enforce foreign keys and let SAVEPOINTs work (pysqlite's own BEGIN handling breaks
    them); also WAL so the web server and a CLI command can work on the file at once."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN")


@event.listens_for(Session, "before_flush")
def _clean_text(session: Session, _context: Any, _instances: Any) -> None:
    """The storage cleaner: whatever wrote it (a form, the API, an import, a harvest), no text
    reaches the database with a NUL, another control character (tab and line breaks stay) or a
    lone surrogate, which PostgreSQL refuses and which break a spreadsheet export."""
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        columns = state.mapper.column_attrs
        for key, value in list(state.dict.items()):
            if key in columns and isinstance(value, str | list | dict):
                cleaned = clean_stored(value)
                if cleaned is not value:
                    setattr(obj, key, cleaned)


@event.listens_for(Session, "do_orm_execute")
def _clean_bulk_parameters(state: Any) -> Any:
    """The same cleaning for bulk INSERTs and UPDATEs (``session.execute(insert(Model), rows)``),
    which do not pass through a flush."""
    if not (state.is_insert or state.is_update) or not state.parameters:
        return None
    params = state.parameters
    rows = params if isinstance(params, list) else [params]
    cleaned = [clean_stored(row) for row in rows]
    if all(new is old for new, old in zip(cleaned, rows, strict=True)):
        return None
    return state.invoke_statement(params=cleaned if isinstance(params, list) else cleaned[0])
