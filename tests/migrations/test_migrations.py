"""The migrations and the models must agree, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from app.models import Base
from app.models.base import include_object


def _diff(app):
    with app.app_context(), db.engine.connect() as conn:
        opts = {"compare_type": True, "include_object": include_object(conn.dialect.name)}
        ctx = MigrationContext.configure(conn, opts=opts)
        return compare_metadata(ctx, Base.metadata)


def test_upgrade_head_gives_exactly_the_models(app):
    assert _diff(app) == []


def test_migrations_are_one_linear_chain(app):
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        assert len(script.get_heads()) == 1
        assert len(script.get_bases()) == 1


def test_downgrade_to_base_and_back_up(app):
    with app.app_context():
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names())
        assert tables <= {"alembic_version"}
        upgrade()
        assert "company" in inspect(db.engine).get_table_names()
    assert _diff(app) == []


def test_search_names_are_filled_for_existing_companies(app):
    """The revision that added name_normalized fills it for rows that were already there."""
    from sqlalchemy import text

    from app.names import normalize_name

    with app.app_context():
        downgrade(revision="4276ad30a5c6")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO city (code, name_fi, region) VALUES ('140', 'Iisalmi', 'Pohjois-Savo')"))
            conn.execute(text(
                "INSERT INTO company (name, city_id, auxiliary_names, keywords, is_growth_seeking, is_anchor, created_at, updated_at) "
                "SELECT 'Mäki-Kuljetus Oy', id, '[]', '[]', false, false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM city"))
            # a row pointing at the company: SQLite's batch rebuild of the table must survive it
            conn.execute(text(
                "INSERT INTO contact (company_id, first_name, last_name, has_marketing_consent, created_at, updated_at) "
                "SELECT id, 'Aino', 'Mäki', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM company"))
        upgrade()
        with db.engine.begin() as conn:
            got = conn.execute(text("SELECT name_normalized FROM company")).scalar_one()
            assert conn.execute(text("SELECT count(*) FROM contact")).scalar_one() == 1
            conn.execute(text("DELETE FROM contact"))
            conn.execute(text("DELETE FROM company"))
            conn.execute(text("DELETE FROM city"))
    assert got == normalize_name("Mäki-Kuljetus Oy") == "maki kuljetus"
