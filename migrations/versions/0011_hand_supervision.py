"""hand supervision: cases.supervised_at, kept apart from the job's levels

Supervising a case by hand used to raise its level to 2, which kept the supervision job from
reminding and escalating it at its deadline. An open case supervised by hand since it last moved to
another unit (assigned, returned, reopened) gets the time of that supervision; levels already
raised by hand stay as they are (the job goes on from there).

Revision ID: 0011_hand_supervision
Revises: 0010_data_versions
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_hand_supervision'
down_revision = '0010_data_versions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supervised_at', sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE cases SET supervised_at = (SELECT max(s.at) FROM case_steps s WHERE s.case_id = cases.id "
        "AND s.action = 'supervise' AND NOT EXISTS (SELECT 1 FROM case_steps t WHERE t.case_id = s.case_id "
        "AND t.action IN ('assign', 'return', 'reopen') AND t.at > s.at)) "
        "WHERE status IN ('accepted', 'forwarded', 'assigned', 'in_progress')"
    )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('supervised_at')
