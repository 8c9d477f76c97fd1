"""job queue: the table ``flask worker`` takes background jobs from

Revision ID: 9b1f3c2d7e10
Revises: 22ab4782ed45
Create Date: 2026-12-03 18:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b1f3c2d7e10'
down_revision = '22ab4782ed45'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('queued_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kwargs', sa.JSON(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=True),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='queuestatus', native_enum=False, create_constraint=False, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('worker', sa.String(length=100), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('run_after', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queued_job'))
    )
    with op.batch_alter_table('queued_job', schema=None) as batch_op:
        batch_op.create_index('ix_queued_job_status_run_after', ['status', 'run_after'], unique=False)


def downgrade():
    with op.batch_alter_table('queued_job', schema=None) as batch_op:
        batch_op.drop_index('ix_queued_job_status_run_after')

    op.drop_table('queued_job')
