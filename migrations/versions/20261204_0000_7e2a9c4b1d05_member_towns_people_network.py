"""member towns, people and the network: municipalities as reference data, membership dates of
towns, invitation links, API token expiry

Revision ID: 7e2a9c4b1d05
Revises: 09fab71b4789
Create Date: 2026-12-04 00:00:00

"""
import csv
from pathlib import Path

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e2a9c4b1d05'
down_revision = '09fab71b4789'
branch_labels = None
depends_on = None


def upgrade():
    municipality = op.create_table('municipality',
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('name_fi', sa.String(length=100), nullable=False),
    sa.Column('name_sv', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=2), nullable=False),
    sa.Column('region_fi', sa.String(length=100), nullable=False),
    sa.Column('region_sv', sa.String(length=100), nullable=False),
    sa.Column('language_status', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('in_classification', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_municipality'))
    )
    _load_municipalities(municipality)
    with op.batch_alter_table('city', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language_status', sa.String(length=10), server_default='fi', nullable=False))
        batch_op.add_column(sa.Column('member_since', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('member_until', sa.Date(), nullable=True))
    # the towns already in the network take their language status from the classification
    op.execute("UPDATE city SET language_status = (SELECT m.language_status FROM municipality m "
               "WHERE m.code = city.code) WHERE code IN (SELECT code FROM municipality)")
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_invitation_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_invitation_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_invitation_key_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('chair_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['city_id'], ['city.id'], name=op.f('fk_chair_term_city_id_city')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chair_term'))
    )
    with op.batch_alter_table('chair_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chair_term_city_id'), ['city_id'], unique=False)
    op.create_table('network_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('target_year', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['city_id'], ['city.id'], name=op.f('fk_network_goal_city_id_city')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_goal'))
    )
    with op.batch_alter_table('network_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_goal_city_id'), ['city_id'], unique=False)
    op.create_table('network_note',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_network_note'))
    )
    op.create_table('network_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=200), server_default='', nullable=False),
    sa.Column('agenda', sa.Text(), server_default='', nullable=False),
    sa.Column('participants', sa.Text(), server_default='', nullable=False),
    sa.Column('minutes', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_meeting'))
    )
    with op.batch_alter_table('network_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_meeting_starts_at'), ['starts_at'], unique=False)
    op.create_table('network_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_city_id', sa.Integer(), nullable=True),
    sa.Column('owner_name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('follow_up', sa.Text(), server_default='', nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['network_meeting.id'], name=op.f('fk_network_decision_meeting_id_network_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_city_id'], ['city.id'], name=op.f('fk_network_decision_owner_city_id_city')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_decision'))
    )
    with op.batch_alter_table('network_decision', schema=None) as batch_op:
        batch_op.create_index('ix_network_decision_done_on', ['done_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_decision_meeting_id'), ['meeting_id'], unique=False)


def _load_municipalities(table):
    """The classification shipped with the app, so a new install can add member towns at once
    (``flask load-municipalities`` loads a newer year's file over it)."""
    path = Path(__file__).resolve().parents[2] / "app" / "data" / "municipalities.csv"
    if not path.exists():
        return
    with path.open(encoding="utf-8") as f:
        rows = [
            {"code": r["code"], "name_fi": r["name_fi"], "name_sv": r["name_sv"] or r["name_fi"],
             "region_code": r["region_code"], "region_fi": r["region_fi"],
             "region_sv": r["region_sv"] or r["region_fi"], "language_status": r["language"],
             "year": int(r["year"]), "in_classification": True}
            for r in csv.DictReader(f)
        ]
    op.bulk_insert(table, rows)


def downgrade():
    op.drop_table('network_decision')
    op.drop_table('network_meeting')
    op.drop_table('network_note')
    op.drop_table('network_goal')
    op.drop_table('chair_term')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_user_id'))
    op.drop_table('invitation')
    with op.batch_alter_table('city', schema=None) as batch_op:
        batch_op.drop_column('member_until')
        batch_op.drop_column('member_since')
        batch_op.drop_column('language_status')
    op.drop_table('municipality')
