"""match cutoff: where each company's list of matches ends (count and last score)

Revision ID: 5c1d8e3f9a72
Revises: c4f8a1d2e6b7
Create Date: 2026-12-03 20:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1d8e3f9a72'
down_revision = 'c4f8a1d2e6b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('match_cutoff',
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('listed', sa.Integer(), nullable=False),
    sa.Column('cutoff', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_match_cutoff_company_id_company'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('company_id', name=op.f('pk_match_cutoff'))
    )
    # the lists stored so far: the count and the lowest score of each company's current matches
    op.execute("INSERT INTO match_cutoff (company_id, listed, cutoff) "
               "SELECT company_id, count(*), min(score) FROM match "
               "WHERE is_current AND status <> 'not_relevant' GROUP BY company_id")


def downgrade():
    op.drop_table('match_cutoff')
