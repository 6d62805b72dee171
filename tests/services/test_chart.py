"""The chart of accounts (ผังบัญชี): the default Thai chart and the fund's own accounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from app.db import FundDb, create_fund_file
from app.errors import InvalidInput
from app.services.balances import trial_balance
from app.services.chart import (
    DEFAULT_CHART,
    accounts_by_code,
    add_account,
    cash_and_bank_accounts,
    install_default_chart,
    list_accounts,
)
from app.services.ledger import LineInput, post_entry


def is_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def test_the_default_chart_is_well_formed() -> None:
    codes = [code for code, *_ in DEFAULT_CHART]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    for code, name_th, name_en, kind, subledger in DEFAULT_CHART:
        assert len(code) == 5 and code.isdigit() and code[0] in "12345", code
        assert is_thai(name_th) and name_en, code
        assert kind in ("cash", "bank", "other")
        assert kind == "other" or code[0] == "1", code
        assert subledger in (None, "member", "loan")


def test_a_new_fund_has_the_default_chart(fund: FundDb) -> None:
    with fund.read() as s:
        rows = list_accounts(s)
    assert [(r.code, r.name_th, r.name_en, r.kind, r.subledger) for r in rows] == [
        tuple(entry) for entry in DEFAULT_CHART]
    assert all(r.active and r.group == int(r.code[0]) for r in rows)
    by_code = {r.code: r for r in rows}
    assert by_code["11010"].name_th == "เงินสด"
    assert by_code["21010"].subledger == "member"
    assert by_code["13010"].subledger == "loan"
    assert by_code["11010"].debit_normal and by_code["52010"].debit_normal
    assert not by_code["21010"].debit_normal and not by_code["41010"].debit_normal


def test_accounts_of_one_group(fund: FundDb) -> None:
    with fund.read() as s:
        income = list_accounts(s, group=4)
        groups = {g: list_accounts(s, group=g) for g in range(1, 6)}
    assert [r.code for r in income] == ["41010", "41020", "42010", "42020", "43010", "44010",
                                        "44020"]
    assert sum(len(v) for v in groups.values()) == len(DEFAULT_CHART)
    assert all(r.code.startswith(str(g)) for g, rows in groups.items() for r in rows)


def test_cash_and_bank_accounts(fund: FundDb) -> None:
    with fund.read() as s:
        rows = cash_and_bank_accounts(s)
        by_code = accounts_by_code(s)
        assert set(by_code) == {code for code, *_ in DEFAULT_CHART}
        assert by_code["41010"].name_th == "รายได้ดอกเบี้ยเงินกู้"
    assert [(r.code, r.kind) for r in rows] == [
        ("11010", "cash"), ("11020", "bank"), ("11030", "bank"), ("11040", "bank"),
        ("11050", "bank")]


def test_installing_the_chart_on_an_empty_file(tmp_path: Path) -> None:
    db = create_fund_file(tmp_path / "empty.kongtun")
    try:
        with db.write() as s:
            assert list_accounts(s) == []
            assert install_default_chart(s) == len(DEFAULT_CHART)
        with db.read() as s:
            assert len(list_accounts(s)) == len(DEFAULT_CHART)
    finally:
        db.close()


def test_a_fund_adds_its_own_account_and_posts_to_it(fund: FundDb) -> None:
    with fund.write() as s:
        row = add_account(s, code=" 11060 ", name_th=" เงินฝากธนาคาร บัญชีที่ 5 ",
                          name_en="Bank 5", kind="bank")
    assert (row.code, row.name_th, row.group, row.kind, row.subledger, row.active) == (
        "11060", "เงินฝากธนาคาร บัญชีที่ 5", 1, "bank", None, True)
    with fund.write() as s:
        post_entry(s, kind="transfer", date=dt.date(2025, 1, 15), description="ฝากเงิน",
                   user="bookkeeper", lines=(LineInput("11060", debit=Decimal("500")),
                                             LineInput("11010", credit=Decimal("500"))))
    with fund.read() as s:
        assert "11060" in [r.code for r in cash_and_bank_accounts(s)]
        tb = trial_balance(s, as_of=dt.date(2025, 1, 31))
    assert {r.code: r.debit_satang for r in tb.rows}["11060"] == 50_000


def test_an_added_subledger_account_needs_its_dimension(fund: FundDb) -> None:
    with fund.write() as s:
        add_account(s, code="21030", name_th="เงินฝากประจำ", subledger="member")
    with fund.write() as s, pytest.raises(InvalidInput) as caught:
        post_entry(s, kind="receipt", date=dt.date(2025, 1, 15), description="ฝากประจำ",
                   user="bookkeeper", lines=(LineInput("11010", debit=Decimal("500")),
                                             LineInput("21030", credit=Decimal("500"))))
    assert "21030" in str(caught.value)


@pytest.mark.parametrize(("fields", "says"), [
    ({"code": "1106"}, ()),
    ({"code": "110601"}, ()),
    ({"code": "61010"}, ()),
    ({"code": "01010"}, ()),
    ({"code": "1106a"}, ()),
    ({"code": "๑๑๐๖๐"}, ()),
    ({"code": "11010"}, ("11010",)),
    ({"name_th": "   "}, ()),
    ({"code": "52090", "kind": "cash"}, ()),
    ({"code": "22090", "kind": "bank"}, ()),
])
def test_bad_accounts_are_refused(fund: FundDb, fields: dict, says: tuple) -> None:
    kw = {"code": "11060", "name_th": "บัญชีใหม่", **fields}
    with fund.read() as s:
        before = list_accounts(s)
    with fund.write() as s, pytest.raises(InvalidInput) as caught:
        add_account(s, **kw)
    assert is_thai(str(caught.value))
    for fragment in says:
        assert fragment in str(caught.value)
    with fund.read() as s:
        assert list_accounts(s) == before


@pytest.mark.parametrize("fields", [{"kind": "savings"}, {"subledger": "members"}])
def test_an_unknown_kind_or_subledger_is_refused(fund: FundDb, fields: dict) -> None:
    with fund.write() as s, pytest.raises(InvalidInput) as caught:
        add_account(s, code="12090", name_th="ลูกหนี้อื่น ๆ", **fields)
    assert is_thai(str(caught.value))
    with fund.read() as s:
        assert "12090" not in {a.code for a in list_accounts(s)}
