"""pipeline: network stages (with the default set), each company's place and every move

Revision ID: b7d3e2a9c410
Revises: b3e1f07c5a21
Create Date: 2026-12-03 18:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3e2a9c410'
down_revision = 'b3e1f07c5a21'
branch_labels = None
depends_on = None

DEFAULT_STAGES = (
    ("identified", "Tunnistettu", "Identified", 60),
    ("first_contact", "Ensikontakti", "First contact", 30),
    ("needs_mapped", "Tarpeet kartoitettu", "Needs mapped", 45),
    ("ecosystem", "Mukana ekosysteemissä", "In the ecosystem", 90),
    ("preparing", "Hanke- tai hakemusvalmistelu", "Preparing a project or application", 30),
    ("funded", "Rahoitettu hanke", "Funded project", 120),
)


def upgrade():
    stage = op.create_table('pipeline_stage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name_fi', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('stalled_after_days', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pipeline_stage')),
    sa.UniqueConstraint('key', name=op.f('uq_pipeline_stage_key'))
    )
    op.create_table('pipeline_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('parked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('parked_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_pipeline_entry_company_id_company')),
    sa.ForeignKeyConstraint(['stage_id'], ['pipeline_stage.id'], name=op.f('fk_pipeline_entry_stage_id_pipeline_stage')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pipeline_entry')),
    sa.UniqueConstraint('company_id', name=op.f('uq_pipeline_entry_company_id'))
    )
    with op.batch_alter_table('pipeline_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pipeline_entry_stage_id'), ['stage_id'], unique=False)
    op.create_table('stage_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('from_stage_id', sa.Integer(), nullable=True),
    sa.Column('to_stage_id', sa.Integer(), nullable=True),
    sa.Column('moved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('moved_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('parked_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_stage_change_company_id_company')),
    sa.ForeignKeyConstraint(['from_stage_id'], ['pipeline_stage.id'], name=op.f('fk_stage_change_from_stage_id_pipeline_stage')),
    sa.ForeignKeyConstraint(['moved_by_id'], ['user_account.id'], name=op.f('fk_stage_change_moved_by_id_user_account')),
    sa.ForeignKeyConstraint(['to_stage_id'], ['pipeline_stage.id'], name=op.f('fk_stage_change_to_stage_id_pipeline_stage')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stage_change'))
    )
    with op.batch_alter_table('stage_change', schema=None) as batch_op:
        batch_op.create_index('ix_stage_change_company_moved', ['company_id', 'moved_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stage_change_moved_at'), ['moved_at'], unique=False)
    op.bulk_insert(stage, [
        {"key": key, "name_fi": fi, "name_en": en, "position": i + 1, "stalled_after_days": days}
        for i, (key, fi, en, days) in enumerate(DEFAULT_STAGES)
    ])


def downgrade():
    with op.batch_alter_table('stage_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_change_moved_at'))
        batch_op.drop_index('ix_stage_change_company_moved')
    op.drop_table('stage_change')
    with op.batch_alter_table('pipeline_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pipeline_entry_stage_id'))
    op.drop_table('pipeline_entry')
    op.drop_table('pipeline_stage')
