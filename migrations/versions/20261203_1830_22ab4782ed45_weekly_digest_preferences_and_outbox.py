"""weekly digest: preferences and outbox

Revision ID: 22ab4782ed45
Revises: 5e7c1a9d2b34
Create Date: 2026-12-03 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '22ab4782ed45'
down_revision = '5e7c1a9d2b34'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('digest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sending', 'sent', 'failed', 'skipped', name='digeststatus', native_enum=False, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('message_id', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('items', sa.Integer(), server_default='0', nullable=False),
    sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sending_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_digest_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest')),
    sa.UniqueConstraint('user_id', 'period', name=op.f('uq_digest_user_id'))
    )
    with op.batch_alter_table('digest', schema=None) as batch_op:
        batch_op.create_index('ix_digest_status_period', ['status', 'period'], unique=False)

    op.create_table('digest_preference',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('weekday', sa.Integer(), server_default='0', nullable=False),
    sa.Column('hour', sa.Integer(), server_default='7', nullable=False),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('min_score', sa.Float(), server_default='0', nullable=False),
    sa.Column('scope', sa.Enum('own', 'town', 'network', name='digestscope', native_enum=False, length=20), server_default='own', nullable=False),
    sa.Column('send_empty', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_digest_preference_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_digest_preference'))
    )


def downgrade():
    op.drop_table('digest_preference')
    with op.batch_alter_table('digest', schema=None) as batch_op:
        batch_op.drop_index('ix_digest_status_period')

    op.drop_table('digest')
