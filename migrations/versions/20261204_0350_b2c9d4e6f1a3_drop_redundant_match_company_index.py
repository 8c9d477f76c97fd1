"""match: drop the index on company_id alone; the unique (company_id, call_id) index leads with
the same column and serves every lookup by company, so a full rematch's COPY of two million rows
maintains one index fewer

Revision ID: b2c9d4e6f1a3
Revises: a7d3e5f1b2c8
Create Date: 2026-12-04 03:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b2c9d4e6f1a3'
down_revision = 'a7d3e5f1b2c8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_company_id'))


def downgrade():
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_company_id'), ['company_id'], unique=False)
