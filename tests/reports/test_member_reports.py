"""Registry prints: the member list, the share register and a passbook page equal the
ledger's sub-ledgers; the PDFs render."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.db import FundDb
from app.reports.catalog import make_report
from app.reports.members import (
    build_member_list,
    build_passbook,
    member_list_table,
    passbook_pdf,
    share_register_table,
)
from app.services import savings, shares
from app.services.balances import trial_balance
from app.services.members import MemberInput, add_member
from app.thai import national_id_check_digit

USER = "bookkeeper"
DAY = dt.date(2025, 1, 15)


def nid(n: int) -> str:
    first12 = f"31017{n:07d}"
    return first12 + str(national_id_check_digit(first12))


def _books(fund: FundDb) -> list[int]:
    with fund.write() as s:
        ids = [add_member(s, MemberInput(first, "แก้วมณี", nid(i), dt.date(2025, 1, 2)),
                          user=USER).id for i, first in enumerate(("โชติ", "กมล", "ฤทธิ์"), 1)]
        shares.buy_shares(s, member_id=ids[0], shares=3, date=DAY, user=USER)
        shares.buy_shares(s, member_id=ids[1], shares=1, date=DAY, user=USER)
        savings.post_collection(s, date=DAY, user=USER,
                                amounts=[(ids[0], 100_00), (ids[1], 250_25), (ids[2], 50_00)])
        savings.withdraw(s, member_id=ids[1], amount_satang=50_00, date=dt.date(2025, 1, 20),
                         user=USER)
    return ids


def test_lists_equal_the_ledger(fund: FundDb) -> None:
    ids = _books(fund)
    with fund.read() as s:
        data = build_member_list(s, as_of=dt.date(2025, 1, 31))
        tb = {r.code: r.credit_satang - r.debit_satang
              for r in trial_balance(s, as_of=dt.date(2025, 1, 31)).rows}
        book = build_passbook(s, ids[1])
    table = member_list_table(data)
    assert [r[1] for r in table.rows] == ["กมล แก้วมณี", "โชติ แก้วมณี", "ฤทธิ์ แก้วมณี"]
    assert table.totals[-2:] == (tb["32010"], tb["21010"])
    register = share_register_table(data)
    assert [(r[0], r[2], r[3]) for r in register.rows] == [("0002", 1, 100_00), ("0001", 3, 300_00)]
    assert [x.balance_satang for x in book.lines] == [250_25, 200_25]
    assert book.member.savings_satang == 200_25


def test_the_prints_render(fund: FundDb, tmp_path: Path) -> None:
    ids = _books(fund)
    with fund.read() as s:
        for name in ("members", "share-register"):
            for fmt in ("pdf", "csv", "xlsx"):
                out = make_report(s, name, fmt=fmt, out=tmp_path / f"{name}.{fmt}",
                                  as_of=dt.date(2025, 1, 31))
                assert out.stat().st_size > 100
        pdf = passbook_pdf(s, ids[0])
    assert pdf.startswith(b"%PDF") and b"0001" not in pdf[:10]
