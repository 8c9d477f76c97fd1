"""matcher_state: every training is kept, with whether its learned weights were adopted

Revision ID: a7d3e5f1b2c8
Revises: e5b7c2a1f4d8
Create Date: 2026-12-04 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3e5f1b2c8'
down_revision = 'e5b7c2a1f4d8'
branch_labels = None
depends_on = None


def upgrade():
    # rows stored before were written only when adopted
    with op.batch_alter_table('matcher_state') as batch:
        batch.add_column(sa.Column('adopted', sa.Boolean(), nullable=False,
                                   server_default=sa.true()))


def downgrade():
    op.execute("DELETE FROM matcher_state WHERE NOT adopted")
    with op.batch_alter_table('matcher_state') as batch:
        batch.drop_column('adopted')
