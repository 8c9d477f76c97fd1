"""company yearly figures, the pipeline's signal thresholds and retired stages

Revision ID: c4f8a1d2e6b7
Revises: e850d90e6cdf
Create Date: 2026-12-03 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f8a1d2e6b7'
down_revision = 'e850d90e6cdf'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('company_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('turnover_eur', sa.Numeric(precision=15, scale=2), nullable=True),
    sa.Column('export_share_pct', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('rnd_eur', sa.Numeric(precision=15, scale=2), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_company_year_company_id_company'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_year')),
    sa.UniqueConstraint('company_id', 'year', name=op.f('uq_company_year_company_id'))
    )
    with op.batch_alter_table('company_year', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_year_company_id'), ['company_id'], unique=False)
    op.create_table('pipeline_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thresholds', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pipeline_settings'))
    )
    with op.batch_alter_table('pipeline_stage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('pipeline_stage', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
    op.drop_table('pipeline_settings')
    with op.batch_alter_table('company_year', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_year_company_id'))
    op.drop_table('company_year')
