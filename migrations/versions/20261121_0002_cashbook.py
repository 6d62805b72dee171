"""cash book: cash counts and bank balance checks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('bank_balance_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('statement_satang', sa.BigInteger(), nullable=False),
    sa.Column('ledger_satang', sa.BigInteger(), nullable=False),
    sa.Column('difference_satang', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_by', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_bank_balance_check_account_id_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_balance_check'))
    )
    with op.batch_alter_table('bank_balance_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_balance_check_date'), ['date'], unique=False)

    op.create_table('cash_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('denominations', sa.Text(), nullable=False),
    sa.Column('counted_satang', sa.BigInteger(), nullable=False),
    sa.Column('book_satang', sa.BigInteger(), nullable=False),
    sa.Column('difference_satang', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_cash_count_account_id_account')),
    sa.ForeignKeyConstraint(['entry_id'], ['journal_entry.id'], name=op.f('fk_cash_count_entry_id_journal_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cash_count'))
    )
    with op.batch_alter_table('cash_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cash_count_date'), ['date'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('cash_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cash_count_date'))

    op.drop_table('cash_count')
    with op.batch_alter_table('bank_balance_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_balance_check_date'))

    op.drop_table('bank_balance_check')
