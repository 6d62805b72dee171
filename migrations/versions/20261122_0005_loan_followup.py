"""loan follow-up letters, restructuring links, external household debts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('loan_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('loan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('due_satang', sa.BigInteger(), nullable=False),
    sa.Column('days_past_due', sa.Integer(), nullable=False),
    sa.Column('recipients', sa.String(length=1000), nullable=False),
    sa.Column('by', sa.String(length=60), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('letter1', 'letter2', 'letter3', 'notice')", name=op.f('ck_loan_letter_kind')),
    sa.ForeignKeyConstraint(['loan_id'], ['loan.id'], name=op.f('fk_loan_letter_loan_id_loan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan_letter'))
    )
    with op.batch_alter_table('loan_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loan_letter_loan_id'), ['loan_id'], unique=False)

    op.create_table('external_debt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('creditor', sa.String(length=100), nullable=False),
    sa.Column('amount_satang', sa.BigInteger(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('cleared_on', sa.Date(), nullable=True),
    sa.Column('by', sa.String(length=60), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount_satang > 0', name=op.f('ck_external_debt_amount_positive')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_external_debt_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_debt'))
    )
    with op.batch_alter_table('external_debt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_debt_member_id'), ['member_id'], unique=False)

    with op.batch_alter_table('loan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=15), server_default='new', nullable=False))
        batch_op.add_column(sa.Column('replaced_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_loan_replaced_by_id_loan'), 'loan', ['replaced_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('loan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_loan_replaced_by_id_loan'), type_='foreignkey')
        batch_op.drop_column('replaced_by_id')
        batch_op.drop_column('origin')

    with op.batch_alter_table('external_debt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_debt_member_id'))
    op.drop_table('external_debt')
    with op.batch_alter_table('loan_letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loan_letter_loan_id'))
    op.drop_table('loan_letter')
