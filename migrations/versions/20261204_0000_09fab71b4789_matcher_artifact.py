"""matcher artifact: the fitted matcher built once and shared, companies waiting for it, and
indexes for lists whose cost does not grow with the table

Revision ID: 09fab71b4789
Revises: 5c1d8e3f9a72
Create Date: 2026-12-04 00:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '09fab71b4789'
down_revision = '5c1d8e3f9a72'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('matcher_artifact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('fingerprint', sa.String(length=200), nullable=False),
    sa.Column('calls', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matcher_artifact'))
    )
    op.create_table('match_pending',
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'],
                            name=op.f('fk_match_pending_company_id_company'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('company_id', name=op.f('pk_match_pending'))
    )
    for name, columns, where in (
            ("ix_task_open_due", ["due_on", "id"], "done_at IS NULL"),
            ("ix_task_open_company", ["company_id", "due_on"], "done_at IS NULL"),
            ("ix_task_done", ["done_at", "id"], "done_at IS NOT NULL")):
        op.create_index(name, "task", columns, unique=False,
                        postgresql_where=sa.text(where), sqlite_where=sa.text(where))


def downgrade():
    for name in ("ix_task_done", "ix_task_open_company", "ix_task_open_due"):
        op.drop_index(name, table_name="task")
    op.drop_table('match_pending')
    op.drop_table('matcher_artifact')
