"""company search text and trigram indexes (PostgreSQL)

Revision ID: 5e7c1a9d2b34
Revises: 626f433e9743
Create Date: 2026-12-03 18:00:00.000000

"""
import unicodedata

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '5e7c1a9d2b34'
down_revision = '626f433e9743'
branch_labels = None
depends_on = None

_TRIGRAM_INDEXES = (
    ("ix_company_search_text_trgm", "search_text"),
    ("ix_company_name_normalized_trgm", "name_normalized"),
)


def upgrade():
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    _fill_search_texts()
    if op.get_bind().dialect.name == "postgresql":
        # pg_trgm is a trusted extension: the database owner may create it
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in _TRIGRAM_INDEXES:
            op.create_index(name, 'company', [column], unique=False, postgresql_using='gin',
                            postgresql_ops={column: 'gin_trgm_ops'})


# A frozen copy of app.names.fold and app.names.search_text as they were when this revision was
# written: a migration must not change meaning when the app's code does.
def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _search_text(name_normalized, auxiliary_names, keywords):
    return " | ".join([name_normalized or "", *(_fold(a) for a in auxiliary_names or []),
                       *(_fold(k) for k in keywords or [])])


def _fill_search_texts():
    conn = op.get_bind()
    company = sa.table("company", sa.column("id", sa.Integer),
                       sa.column("name_normalized", sa.String),
                       sa.column("auxiliary_names", sa.JSON), sa.column("keywords", sa.JSON),
                       sa.column("search_text", sa.Text))
    update = (company.update().where(company.c.id == sa.bindparam("row_id"))
              .values(search_text=sa.bindparam("text")))
    rows = conn.execute(sa.select(company.c.id, company.c.name_normalized,
                                  company.c.auxiliary_names, company.c.keywords)).all()
    for start in range(0, len(rows), 5000):
        conn.execute(update, [{"row_id": r[0], "text": _search_text(r[1], r[2], r[3])}
                              for r in rows[start:start + 5000]])


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, _column in _TRIGRAM_INDEXES:
            op.drop_index(name, table_name='company', postgresql_using='gin')
        # the extension stays: other schemas' objects may use it, and it holds no data
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.drop_column('search_text')
