"""R&D&I services and responsible people (the public directory)

Revision ID: e850d90e6cdf
Revises: b7d3e2a9c410
Create Date: 2026-12-03 20:20:44.586139

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e850d90e6cdf'
down_revision = 'b7d3e2a9c410'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rdi_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('responsible', 'deputy', name='personrole', native_enum=False, length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('has_public_consent', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('consent_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['city_id'], ['city.id'], name=op.f('fk_rdi_person_city_id_city')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_rdi_person_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rdi_person'))
    )
    with op.batch_alter_table('rdi_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rdi_person_city_id'), ['city_id'], unique=False)

    op.create_table('rdi_service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('funding_advice', 'testing_piloting', 'incubator_accelerator', 'training', 'research_partner', 'premises', 'other', name='servicecategory', native_enum=False, length=30), nullable=False),
    sa.Column('name_fi', sa.String(length=200), nullable=False),
    sa.Column('name_sv', sa.String(length=200), nullable=True),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('description_fi', sa.Text(), nullable=False),
    sa.Column('description_sv', sa.Text(), nullable=True),
    sa.Column('description_en', sa.Text(), nullable=True),
    sa.Column('target_group_fi', sa.String(length=300), nullable=True),
    sa.Column('target_group_sv', sa.String(length=300), nullable=True),
    sa.Column('target_group_en', sa.String(length=300), nullable=True),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_email', sa.String(length=320), nullable=True),
    sa.Column('contact_phone', sa.String(length=50), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('is_published', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('internal_note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['city_id'], ['city.id'], name=op.f('fk_rdi_service_city_id_city')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_rdi_service_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rdi_service'))
    )
    with op.batch_alter_table('rdi_service', schema=None) as batch_op:
        batch_op.create_index('ix_rdi_service_city_published', ['city_id', 'is_published'], unique=False)



def downgrade():
    with op.batch_alter_table('rdi_service', schema=None) as batch_op:
        batch_op.drop_index('ix_rdi_service_city_published')

    op.drop_table('rdi_service')
    with op.batch_alter_table('rdi_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rdi_person_city_id'))

    op.drop_table('rdi_person')
