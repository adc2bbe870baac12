"""settled rates: the acceptance and on-time rates over the cases settled in the week

`scorecard_rows.acceptance_due` and `completion_due` are the rates' wholes: the cases whose taking
up, and whose completion, was settled that week (in time, or when the limit passed). Weeks frozen
before keep the figures they were published with: their wholes were the cases received and the
cases resolved. The scorecard reads recent assignments by deadline (`ix_assignments_deadline_at`).

Revision ID: 0012_settled_rates
Revises: 0011_hand_supervision
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_settled_rates'
down_revision = '0011_hand_supervision'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('scorecard_rows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acceptance_due', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('completion_due', sa.Integer(), server_default='0', nullable=False))
    op.execute("UPDATE scorecard_rows SET acceptance_due = received, completion_due = resolved")
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index('ix_assignments_deadline_at', ['deadline_at'], unique=False)


def downgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_assignments_deadline_at')
    with op.batch_alter_table('scorecard_rows', schema=None) as batch_op:
        batch_op.drop_column('completion_due')
        batch_op.drop_column('acceptance_due')
