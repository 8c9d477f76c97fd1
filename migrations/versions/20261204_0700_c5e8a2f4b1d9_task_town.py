"""task: the owning town (the company's) on the task itself, indexed, so a town's task list and
tab counts read its own tasks instead of joining every company of the town; on PostgreSQL the
town and company indexes include the columns the tab counts filter on (index-only counts)

Revision ID: c5e8a2f4b1d9
Revises: b2c9d4e6f1a3
Create Date: 2026-12-04 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e8a2f4b1d9'
down_revision = 'b2c9d4e6f1a3'
branch_labels = None
depends_on = None

_COUNTED = ['done_at', 'assignee_id', 'due_on']


def upgrade():
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('city_id', sa.Integer(), nullable=True))
    op.execute("UPDATE task SET city_id = (SELECT company.city_id FROM company"
               " WHERE company.id = task.company_id)")
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.alter_column('city_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_task_city_id_city'), 'city', ['city_id'],
                                    ['id'])
        batch_op.drop_index('ix_task_company_id')
        batch_op.create_index('ix_task_city_id', ['city_id'], unique=False,
                              postgresql_include=_COUNTED)
        batch_op.create_index('ix_task_company_id', ['company_id'], unique=False,
                              postgresql_include=['city_id', *_COUNTED])


def downgrade():
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_company_id')
        batch_op.create_index('ix_task_company_id', ['company_id'], unique=False)
        batch_op.drop_index('ix_task_city_id')
        batch_op.drop_constraint(batch_op.f('fk_task_city_id_city'), type_='foreignkey')
        batch_op.drop_column('city_id')
