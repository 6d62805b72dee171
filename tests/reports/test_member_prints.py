"""The passbook and the collection sheet in the catalog and on the command line:
one member's passbook (or every active member's), the paper sheet for the meeting in
dictionary order with blanks to fill in, and the import's opening-balance account."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from app.cli import main
from app.db import FundDb, open_fund
from app.errors import InvalidInput
from app.models.members import Member
from app.reports.catalog import make_report
from app.services import savings
from app.services.balances import account_balances
from app.services.members import change_status
from tests.reports.test_member_reports import USER, _books
from tests.reports.test_pdf import pdftext
from tests.services.test_member_import import ROWS, write_csv

JAN = (2025, 1)


def test_passbook_of_one_member_and_of_everyone(fund: FundDb, tmp_path: Path) -> None:
    _books(fund)
    with fund.read() as s:
        one = make_report(s, "passbook", fmt="pdf", out=tmp_path / "one.pdf",
                          as_of=dt.date(2025, 1, 31), member="2")
        every = make_report(s, "passbook", fmt="pdf", out=tmp_path / "all.pdf",
                            as_of=dt.date(2025, 1, 31))
        table = make_report(s, "passbook", fmt="csv", out=tmp_path / "p.csv",
                            as_of=dt.date(2025, 1, 31), member="0002")
        with pytest.raises(InvalidInput, match="0099"):
            make_report(s, "passbook", fmt="pdf", out=tmp_path / "x.pdf",
                        as_of=dt.date(2025, 1, 31), member="0099")
        with pytest.raises(InvalidInput):
            make_report(s, "members", fmt="pdf", out=tmp_path / "x.pdf",
                        as_of=dt.date(2025, 1, 31), member="0002")
    text = pdftext(one)
    assert "สมุดคู่ฝาก" in text and "0002 กมล แก้วมณี" in text and "200.25" in text
    assert "โชติ" not in text
    everyone = pdftext(every)
    assert all(name in everyone for name in ("กมล", "โชติ", "ฤทธิ์"))
    rows = table.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) >= 3 and "200.25" in rows[-1]


def test_collection_sheet_lists_active_members_in_dictionary_order(fund: FundDb,
                                                                   tmp_path: Path) -> None:
    ids = _books(fund)
    with fund.write() as s:
        s.get(Member, ids[0]).monthly_saving_satang = 100_00
        s.get(Member, ids[1]).monthly_saving_satang = 250_00
        change_status(s, ids[2], status="resigned", date=dt.date(2025, 1, 25), reason="ย้าย",
                      user=USER)
    with fund.read() as s:
        pdf = make_report(s, "collection-sheet", fmt="pdf", out=tmp_path / "sheet.pdf",
                          month=JAN)
        table = make_report(s, "collection-sheet", fmt="csv", out=tmp_path / "sheet.csv",
                            month=JAN)
        assert [r.member_id for r in savings.collection_sheet(s)] == [ids[1], ids[0]]
    text = pdftext(pdf)
    assert "ใบรายชื่อเก็บเงินสัจจะ" in text and "มกราคม 2568" in text
    assert text.index("กมล") < text.index("โชติ") and "ฤทธิ์" not in text
    assert "ลายมือชื่อ" in text and "350.00" in text
    with table.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    body = [r for r in rows if r and r[0] in ("1", "2")]
    assert [r[2] for r in body] == ["กมล แก้วมณี", "โชติ แก้วมณี"]
    assert all(r[5] == "" and r[6] == "" for r in body)  # blanks to fill in at the meeting


def test_cli_prints_a_passbook_and_the_sheet(fund_path: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    with open_fund(fund_path) as db:
        _books(db)
    out = tmp_path / "pb.pdf"
    assert main(["--fund", str(fund_path), "report", "passbook", "--member", "0001",
                 "--out", str(out)]) == 0
    assert "0001 โชติ แก้วมณี" in pdftext(out)
    sheet = tmp_path / "sheet.pdf"
    assert main(["--fund", str(fund_path), "report", "collection-sheet", "--month", "2568-01",
                 "--out", str(sheet)]) == 0
    assert "ใบรายชื่อเก็บเงินสัจจะ" in pdftext(sheet)
    capsys.readouterr()
    assert main(["--fund", str(fund_path), "report", "members", "--member", "0001",
                 "--as-of", "2568-01-31", "--out", str(tmp_path / "m.pdf")]) == 2
    assert "--member" in capsys.readouterr().err
    assert main(["--fund", str(fund_path), "report", "passbook", "--member", "0999",
                 "--out", str(tmp_path / "n.pdf")]) == 2


def test_import_debits_the_chosen_account(fund_path: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    good = write_csv(tmp_path / "good.csv", [r for r in ROWS if r[0] in "128"])
    assert main(["--fund", str(fund_path), "import", "members", str(good),
                 "--opening-account", "42010"]) == 2
    assert "42010" in capsys.readouterr().err
    assert main(["--fund", str(fund_path), "import", "members", str(good),
                 "--opening-account", "11030"]) == 0
    with open_fund(fund_path) as db, db.read() as s:
        bal = {b.code: b.net_satang for b in account_balances(s, as_of=dt.date(2999, 1, 1))}
        assert bal.get("11030", 0) > 0 and bal.get("11040", 0) == 0
