"""data versions: a version per topic, raised by every write, behind the cached parts of the busiest pages

Revision ID: 0010_data_versions
Revises: 0009_speed
"""
import sqlalchemy as sa
from alembic import op

revision = '0010_data_versions'
down_revision = '0009_speed'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'data_versions',
        sa.Column('topic', sa.String(length=40), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('topic', name=op.f('pk_data_versions')),
    )


def downgrade():
    op.drop_table('data_versions')
