"""speed: cases.on_board, the supervisor's board read in deadline order; a community's role holders

Revision ID: 0009_speed
Revises: 0007_hotspots
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_speed'
down_revision = '0007_hotspots'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        # A plain '0' (not sa.false()) lets SQLite add the column in place instead of copying the table.
        batch_op.add_column(sa.Column('on_board', sa.Boolean(), server_default='0', nullable=False))
        batch_op.create_index('ix_cases_on_board', ['on_board', 'deadline_at'], unique=False)
    # As petitions.onboard.BACKFILL_SQL: open at the hub or a department, level 2+ or waiting for more time.
    op.execute(
        "UPDATE cases SET on_board = true WHERE status IN ('forwarded', 'assigned', 'in_progress') AND "
        "(supervision_level >= 2 OR assignment_id IN "
        "(SELECT assignment_id FROM extension_requests WHERE status = 'pending'))"
    )
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.create_index('ix_role_grants_community_role', ['community_id', 'role'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        # Fresh statistics for the new column: until autovacuum comes round, PostgreSQL would guess
        # that a fifth of all cases are on the board and scan the table instead of ix_cases_on_board.
        op.execute('ANALYZE cases')


def downgrade():
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_index('ix_role_grants_community_role')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_on_board')
        batch_op.drop_column('on_board')
