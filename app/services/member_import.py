"""Import an existing registry from Excel or CSV: map columns, preview, import the good rows.

Most funds start from an Excel sheet. `preview` reads the file, maps its columns (by
their Thai or English headers, or the mapping the user chose) and checks every row:
the national ID's check digit, duplicates (in the file or already registered), an
unknown household, an unreadable Buddhist-era date, amounts. Each problem is listed
with the row number as Excel shows it (the header is row 1). `import_members` then
adds only the good rows, in one unit of work, with their opening shares and savings
as ONE opening entry (JV). A row whose national ID is already registered is skipped,
so importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, KongtunError
from app.models.members import Household, Member
from app.money import from_satang, parse_amount, to_satang
from app.services import audit, ledger
from app.services.ledger import LineInput, PostedEntry
from app.services.members import MemberInput, clean_input, clean_member_no, next_member_no
from app.services.subledger import SAVINGS, SHARES
from app.thai import from_be_year, parse_date

# field -> headers recognised (compared without spaces, case-folded)
FIELDS: dict[str, tuple[str, ...]] = {
    "member_no": ("เลขที่สมาชิก", "เลขสมาชิก", "รหัสสมาชิก", "ที่", "memberno", "no"),
    "title": ("คำนำหน้า", "คำนำหน้าชื่อ", "title"),
    "first_name": ("ชื่อ", "firstname", "first"),
    "last_name": ("นามสกุล", "สกุล", "lastname", "last"),
    "full_name": ("ชื่อ-สกุล", "ชื่อ-นามสกุล", "ชื่อสกุล", "name", "fullname"),
    "national_id": ("เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "บัตรประชาชน", "nationalid", "id"),
    "birth_date": ("วันเกิด", "วันเดือนปีเกิด", "birthdate"),
    "house_no": ("บ้านเลขที่", "houseno"),
    "moo": ("หมู่ที่", "หมู่", "moo"),
    "household": ("ครัวเรือน", "บ้านเลขที่ครัวเรือน", "household"),
    "phone": ("โทรศัพท์", "เบอร์โทร", "phone"),
    "join_date": ("วันที่เข้าเป็นสมาชิก", "วันที่สมัคร", "วันเข้าเป็นสมาชิก", "joindate"),
    "monthly_saving": ("สัจจะรายเดือน", "ออมต่อเดือน", "monthlysaving"),
    "shares": ("ค่าหุ้น", "หุ้น", "ทุนเรือนหุ้น", "shares"),
    "savings": ("เงินสัจจะ", "สัจจะสะสม", "เงินออม", "savings"),
}
TITLES = ("นางสาว", "นาย", "นาง", "น.ส.", "ด.ช.", "ด.ญ.")
MAX_ROWS = 100_000


@dataclass
class RowResult:
    row_no: int
    problems: list[str] = field(default_factory=list)
    member: MemberInput | None = None
    shares_satang: int = 0
    savings_satang: int = 0
    household: str = ""
    exists: bool = False  # already registered: skipped, not an error

    @property
    def ok(self) -> bool:
        return not self.problems and not self.exists


@dataclass(frozen=True)
class ImportPreview:
    headers: tuple[str, ...]
    mapping: dict[str, int]
    rows: tuple[RowResult, ...]

    @property
    def good(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[RowResult]:
        return [r for r in self.rows if r.problems]

    @property
    def existing(self) -> list[RowResult]:
        return [r for r in self.rows if r.exists and not r.problems]


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped_existing: int
    refused: int
    opening: PostedEntry | None


def _key(text: str) -> str:
    return "".join(str(text).split()).casefold()


def read_sheet(path: Path | str) -> tuple[tuple[str, ...], list[list[object]]]:
    """Header and data rows of a .csv (UTF-8, BOM or not) or the first sheet of a .xlsx."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput("Only .csv and .xlsx files can be imported.")
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows: list[list[object]] = [list(r) for r in csv.reader(fh)]
        else:
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
            rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
            wb.close()
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        raise InvalidInput("The file {name} cannot be read: {detail}", name=path.name,
                           detail=type(exc).__name__) from None
    except Exception as exc:  # openpyxl raises zipfile/xml errors on damaged files
        raise InvalidInput("The file {name} cannot be read: {detail}", name=path.name,
                           detail=type(exc).__name__) from None
    while rows and not any(_text(c) for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise InvalidInput("The file {name} is empty.", name=path.name)
    if len(rows) > MAX_ROWS:
        raise InvalidInput("The file has too many rows (at most {count}).", count=MAX_ROWS)
    return tuple(_text(c) for c in rows[0]), rows[1:]


def auto_mapping(headers: tuple[str, ...]) -> dict[str, int]:
    known = {_key(h): f for f, names in FIELDS.items() for h in names}
    out: dict[str, int] = {}
    for i, h in enumerate(headers):
        f = known.get(_key(h))
        if f and f not in out:
            out[f] = i
    return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _date(value: object, label: str, problems: list[str]) -> dt.date | None:
    from app.i18n import gettext as _

    if value is None or _text(value) == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        d = value.date() if isinstance(value, dt.datetime) else value
        # A Thai Excel often stores the Buddhist-era year in a real date cell.
        return d.replace(year=from_be_year(d.year)) if d.year > 2400 else d
    try:
        return parse_date(_text(value))
    except KongtunError:
        problems.append(_("{field}: the date \"{text}\" cannot be read (day/month/BE year).")
                        .format(field=label, text=_text(value)))
        return None


def _money(value: object, label: str, problems: list[str]) -> int:
    from app.i18n import gettext as _

    text = _text(value)
    if not text:
        return 0
    try:
        return to_satang(parse_amount(text, allow_zero=True))
    except KongtunError:
        problems.append(_("{field}: \"{text}\" is not an amount.").format(field=label, text=text))
        return 0


def _split_name(full: str) -> tuple[str, str, str]:
    title = next((t for t in TITLES if full.startswith(t)), "")
    rest = full[len(title):].strip().split(" ", 1)
    return title, rest[0], rest[1] if len(rest) > 1 else ""


def preview(session: Session, path: Path | str, *, mapping: dict[str, int] | None = None,
            default_join: dt.date, progress: Callable | None = None) -> ImportPreview:
    """Read and check every row; nothing is written."""
    headers, raw = read_sheet(path)
    mapping = dict(mapping) if mapping is not None else auto_mapping(headers)
    if "national_id" not in mapping or not ({"first_name", "full_name"} & set(mapping)):
        raise InvalidInput("The file needs at least the columns for the name and the national ID.")
    registered = set(session.scalars(select(Member.national_id)))
    houses = {h for (h,) in session.execute(select(Household.house_no))}
    houses |= {_text(r[mapping["house_no"]]) for r in raw
               if "house_no" in mapping and len(r) > mapping["house_no"]}
    seen: dict[str, int] = {}
    results = []
    for n, r in enumerate(raw, start=2):
        if not any(_text(c) for c in r):
            continue
        results.append(_check_row(session, n, r, mapping, default_join, registered, houses, seen))
        if progress is not None and n % 500 == 0:
            progress(n, len(raw) + 1)
    return ImportPreview(headers, mapping, tuple(results))


def _check_row(session: Session, n: int, r: list[object], mapping: dict[str, int],
               default_join: dt.date, registered: set[str], houses: set[str],
               seen: dict[str, int]) -> RowResult:
    from app.i18n import gettext as _

    def get(f: str) -> object:
        i = mapping.get(f)
        return r[i] if i is not None and i < len(r) else None

    res = RowResult(n)
    p = res.problems
    title, first, last = _text(get("title")), _text(get("first_name")), _text(get("last_name"))
    if "full_name" in mapping and not first:
        t, first, last = _split_name(_text(get("full_name")))
        title = title or t
    nid = "".join(_text(get("national_id")).replace("-", " ").split())
    birth = _date(get("birth_date"), _("birth date"), p)
    join = _date(get("join_date"), _("join date"), p) or default_join
    res.shares_satang = _money(get("shares"), _("shares"), p)
    res.savings_satang = _money(get("savings"), _("savings"), p)
    saving = _money(get("monthly_saving"), _("usual monthly saving"), p)
    res.household = _text(get("household"))
    if res.household and res.household not in houses:
        p.append(_("unknown household {house}").format(house=res.household))
    if nid in seen:
        p.append(_("duplicate: the same national ID as row {row}").format(row=seen[nid]))
    elif nid:
        seen[nid] = n
    candidate = MemberInput(first_name=first, last_name=last, national_id=nid, join_date=join,
                            title=title, birth_date=birth, house_no=_text(get("house_no")),
                            moo=_text(get("moo")), phone=_text(get("phone")),
                            monthly_saving_satang=saving,
                            member_no=clean_member_no(_text(get("member_no"))))
    if nid in registered:
        res.exists = True
        return res
    try:  # against the registry, duplicates were checked above, member nos. at import
        res.member = clean_input(candidate)
    except KongtunError as exc:
        p.append(str(exc))
    return res


def import_members(session: Session, preview_: ImportPreview, *, user: str,
                   opening_date: dt.date, opening_account: str = "11040") -> ImportResult:
    """Add the good rows of a preview and post their opening shares and savings (one JV).

    opening_account: the cash or bank account debited for the opening balances (the money
    the old registry's shares and savings are held in; 11040 by default)."""
    check_opening_account(session, opening_account)
    good = preview_.good
    used = set(session.scalars(select(Member.member_no)))
    next_no = int(next_member_no(session))
    added: list[tuple[Member, RowResult]] = []
    for r in good:
        assert r.member is not None
        no = r.member.member_no
        if not no or no in used:
            while f"{next_no:04d}" in used:
                next_no += 1
            no = f"{next_no:04d}"
        used.add(no)
        m = r.member
        added.append((Member(member_no=no, title=m.title, first_name=m.first_name,
                             last_name=m.last_name, national_id=m.national_id,
                             birth_date=m.birth_date, house_no=m.house_no, moo=m.moo,
                             phone=m.phone, join_date=m.join_date, status="active",
                             monthly_saving_satang=m.monthly_saving_satang, welfare="active"), r))
    houses = {(h.house_no, h.moo): h for h in session.scalars(select(Household))}
    for m, r in added:
        key = (r.household or m.house_no, m.moo)
        if key[0] and key not in houses:
            houses[key] = Household(house_no=key[0], moo=key[1], head_member_id=None)
            session.add(houses[key])
    session.add_all([m for m, _ in added])
    session.flush()
    for m, r in added:
        h = houses.get((r.household or m.house_no, m.moo))
        if h is not None:
            m.household_id = h.id
            if h.head_member_id is None:
                h.head_member_id = m.id  # the first member of a new household, till changed
    session.flush()
    opening = _opening_entry(session, added, opening_date, opening_account, user)
    audit.record(session, user=user, action="import_members", detail=f"{len(added)} rows")
    return ImportResult(len(added), len(preview_.existing), len(preview_.bad), opening)


def check_opening_account(session: Session, code: str) -> None:
    """InvalidInput unless `code` is a cash or bank account of the chart."""
    from app.models.ledger import Account

    acc = session.scalar(select(Account).where(Account.code == code.strip()))
    if acc is None or acc.kind not in ("cash", "bank"):
        raise InvalidInput("The opening balances must be debited to a cash or bank account, "
                           "not {code}.", code=code)


def _opening_entry(session: Session, added: list[tuple[Member, RowResult]], day: dt.date,
                   account: str, user: str) -> PostedEntry | None:
    lines = []
    for m, r in added:
        if r.shares_satang:
            lines.append(LineInput(SHARES, credit=from_satang(r.shares_satang), member_id=m.id,
                                   memo="ยอดยกมาค่าหุ้น"))
        if r.savings_satang:
            lines.append(LineInput(SAVINGS, credit=from_satang(r.savings_satang),
                                   member_id=m.id, memo="ยอดยกมาเงินสัจจะ"))
    if not lines:
        return None
    total = sum((ln.credit for ln in lines), Decimal(0))
    return ledger.post_entry(session, kind="adjustment", date=day, lines=[
        LineInput(account, debit=total), *lines], user=user,
        description=f"ยอดยกมาค่าหุ้นและเงินสัจจะของสมาชิก ({len(added)} ราย) จากทะเบียนเดิม")
