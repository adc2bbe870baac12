"""index cases.merged_into_id: every step of a case looks up the duplicates merged into it

Revision ID: 0005_case_merged_index
Revises: 0004_service_guides
"""
from alembic import op


revision = '0005_case_merged_index'
down_revision = '0004_service_guides'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_merged_into', ['merged_into_id'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_merged_into')
