"""pipeline: an optional Swedish name for each stage, filled in for the default stages

Revision ID: c4f1a8e2d9b7
Revises: 5ea53f0534fb
Create Date: 2026-12-04 01:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1a8e2d9b7'
down_revision = '5ea53f0534fb'
branch_labels = None
depends_on = None

# the default stages' Swedish names (Finland-Swedish); a stage the coordinator added or
# whose key is not here keeps no Swedish name and shows its Finnish one on Swedish pages
SWEDISH_NAMES = {
    "identified": "Identifierad",
    "first_contact": "Första kontakt",
    "needs_mapped": "Behov kartlagda",
    "ecosystem": "Med i ekosystemet",
    "preparing": "Projekt- eller ansökningsberedning",
    "funded": "Finansierat projekt",
}


def upgrade():
    with op.batch_alter_table('pipeline_stage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_sv', sa.String(length=100), nullable=True))
    stage = sa.table('pipeline_stage', sa.column('key', sa.String), sa.column('name_sv', sa.String))
    for key, name in SWEDISH_NAMES.items():
        op.execute(stage.update().where(stage.c.key == key).values(name_sv=name))


def downgrade():
    with op.batch_alter_table('pipeline_stage', schema=None) as batch_op:
        batch_op.drop_column('name_sv')
