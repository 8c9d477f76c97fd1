"""call and company embeddings: cached text vectors with their model id and text hash

Revision ID: e5b7c2a1f4d8
Revises: c4f1a8e2d9b7
Create Date: 2026-12-04 03:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5b7c2a1f4d8'
down_revision = 'c4f1a8e2d9b7'
branch_labels = None
depends_on = None


def _columns():
    return [
        sa.Column('model_id', sa.String(length=120), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('dim', sa.Integer(), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=False),
        sa.Column('embedded_at', sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade():
    op.create_table('call_embedding',
    sa.Column('call_id', sa.Integer(), nullable=False),
    *_columns(),
    sa.ForeignKeyConstraint(['call_id'], ['funding_call.id'],
                            name=op.f('fk_call_embedding_call_id_funding_call'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('call_id', name=op.f('pk_call_embedding'))
    )
    op.create_index('ix_call_embedding_embedded_at', 'call_embedding', ['embedded_at'])
    op.create_table('company_embedding',
    sa.Column('company_id', sa.Integer(), nullable=False),
    *_columns(),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'],
                            name=op.f('fk_company_embedding_company_id_company'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('company_id', name=op.f('pk_company_embedding'))
    )
    op.create_index('ix_company_embedding_embedded_at', 'company_embedding', ['embedded_at'])


def downgrade():
    op.drop_index('ix_company_embedding_embedded_at', table_name='company_embedding')
    op.drop_table('company_embedding')
    op.drop_index('ix_call_embedding_embedded_at', table_name='call_embedding')
    op.drop_table('call_embedding')
