"""applications for funding and their outcomes

Revision ID: b3e1f07c5a21
Revises: 9b1f3c2d7e10
Create Date: 2026-12-03 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b3e1f07c5a21'
down_revision = '9b1f3c2d7e10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'application',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('match_id', sa.Integer(), nullable=True),
        sa.Column('call_id', sa.Integer(), nullable=True),
        sa.Column('call_title', sa.String(length=500), nullable=False),
        sa.Column('programme', sa.String(length=300), nullable=True),
        sa.Column('funding_level', sa.Enum('eu', 'national', 'regional', name='fundinglevel',
                                           native_enum=False, length=20), nullable=False),
        sa.Column('role', sa.Enum('coordinator', 'partner', name='applicantrole',
                                  native_enum=False, length=20), nullable=False),
        sa.Column('other_partners', sa.Text(), nullable=True),
        sa.Column('amount_applied_eur', sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column('company_share_eur', sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column('submitted_on', sa.Date(), nullable=True),
        sa.Column('outcome', sa.Enum('pending', 'awarded', 'not_awarded', 'withdrawn',
                                     name='outcome', native_enum=False, length=20),
                  nullable=False),
        sa.Column('amount_granted_eur', sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column('decided_on', sa.Date(), nullable=True),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['call_id'], ['funding_call.id'],
                                name=op.f('fk_application_call_id_funding_call'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['company_id'], ['company.id'],
                                name=op.f('fk_application_company_id_company')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_application_created_by_id_user_account')),
        sa.ForeignKeyConstraint(['match_id'], ['match.id'],
                                name=op.f('fk_application_match_id_match'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_application')),
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_match_id'), ['match_id'], unique=False)
        batch_op.create_index('ix_application_submitted_on', ['submitted_on'], unique=False)
        batch_op.create_index('ix_application_decided_on', ['decided_on'], unique=False)
    op.create_table(
        'application_partner',
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['application.id'],
                                name=op.f('fk_application_partner_application_id_application'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['company_id'], ['company.id'],
                                name=op.f('fk_application_partner_company_id_company')),
        sa.PrimaryKeyConstraint('application_id', 'company_id',
                                name=op.f('pk_application_partner')),
    )
    with op.batch_alter_table('application_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_partner_company_id'), ['company_id'],
                              unique=False)
    op.create_index('ix_interaction_occurred_company', 'interaction',
                    ['occurred_on', 'company_id'], unique=False)


def downgrade():
    op.drop_index('ix_interaction_occurred_company', table_name='interaction')
    with op.batch_alter_table('application_partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_partner_company_id'))
    op.drop_table('application_partner')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index('ix_application_decided_on')
        batch_op.drop_index('ix_application_submitted_on')
        batch_op.drop_index(batch_op.f('ix_application_match_id'))
        batch_op.drop_index(batch_op.f('ix_application_company_id'))
    op.drop_table('application')
