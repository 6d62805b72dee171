"""A realistic demo fund (กองทุนตัวอย่าง), built only through the services, deterministically.

`build_demo` replays `years` of a Thai village fund's books month by month, as a
bookkeeper would: the government allocation and a later capital top-up, entry fees
as villagers join, fees and services, bank interest twice a year, committee
remuneration and meeting allowances, office costs, welfare and public-benefit
payouts, bank fees, cash carried to and from the bank, and a few corrections a
year (a reversal, then the right entry). Every month is closed except the last
two. The same arguments always give the same ledger (one `random.Random(seed)`,
no clock), so tests, screenshots and benchmarks can rely on it.

Each month ends with the treasurer's cash count and a check of every bank passbook
(app.services.demo_cashbook.month_end_checks), before the month is closed.

Villagers join as members of the registry (app.services.demo_members): entry fee and
shares when they join, the monthly savings collection day as one combined voucher,
the yearly welfare contribution (สัจจะวันละ 1 บาท), now and then a withdrawal, and the
estate of a member who died paid to the heirs. Members borrow through the loan services
(app.services.demo_loans): applications, approvals, payouts, repayments, arrears.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.errors import InvalidInput
from app.money import from_satang
from app.services import chart, demo_cashbook, demo_loans, fund, ledger, periods
from app.services import demo_members as dm
from app.services.balances import account_balances
from app.services.journal import entry_count
from app.services.ledger import LineInput, PostedEntry
from app.thai import format_month, to_be_year

USER = fund.DEFAULT_USER
CASH, BANK1, BANK2, BANK3 = "11010", "11020", "11030", "11040"
BANK_NO = {BANK1: 1, BANK2: 2, BANK3: 3}
GOVERNMENT = "สำนักงานกองทุนหมู่บ้านและชุมชนเมืองแห่งชาติ (สทบ.)"

# village, village no., tambon, amphoe, province, fund code, temple
VILLAGES = (
    ("บ้านเมืองหลวง", "1", "เมืองหลวง", "ห้วยทับทัน", "ศรีสะเกษ", "33150101", "วัดบ้านเมืองหลวง"),
    ("บ้านหนองฮะ", "3", "ปราสาท", "ห้วยทับทัน", "ศรีสะเกษ", "33150303", "วัดบ้านหนองฮะ"),
    ("บ้านบางสะพาน", "5", "บางจาก", "เมืองนครศรีธรรมราช", "นครศรีธรรมราช", "80010805", "วัดบางสะพาน"),
    ("บ้านบางหลวง", "4", "ท่าไร่", "เมืองนครศรีธรรมราช", "นครศรีธรรมราช", "80011304", "วัดบางหลวง"),
    ("บ้านกะหรอ", "1", "กะหรอ", "นบพิตำ", "นครศรีธรรมราช", "80230101", "วัดกะหรอ"),
    ("บ้านห้วยแก้ว", "2", "ห้วยแก้ว", "แม่ออน", "เชียงใหม่", "50250302", "วัดห้วยแก้ว"),
)
MEN = (
    "สมชาย", "สมศักดิ์", "สมาน", "สมยงค์", "สูรย์", "เฉลิม", "ถนอม", "คาร", "บัวลา", "สมัย",
    "มนตรี", "ประสิทธิ์", "บุญมี", "บุญเลิศ", "ทองดี", "สุรชัย", "วิชัย", "ประเสริฐ", "สุพจน์",
    "อุดม", "ชาญ", "เสถียร", "ไพโรจน์", "วีระ", "สมหมาย", "คำพันธ์", "บุญส่ง", "สุนทร",
    "ประยูร", "ทองใบ", "เกษม", "ธวัช", "สำราญ", "หนูเพียร", "คำปั่น", "บุญชู", "สุวิทย์",
    "อำนาจ", "ประจักษ์", "จำลอง", "ภีม", "สมพงษ์", "วันชัย", "บุญช่วย", "ทองสุข"
)
WOMEN = (
    "อ้อยใจ", "จิม", "รจนาวดี", "มณี", "ราตรี", "จินตนา", "แสงทอง", "สมรัก", "สุขใจ",
    "บุญเรือน", "ทองใส", "คำพอง", "สมศรี", "สมพร", "มาลี", "บัวผัน", "ประไพ", "วันเพ็ญ",
    "อรุณี", "สุภาพ", "ละเอียด", "นงลักษณ์", "พิกุล", "ลำดวน", "สายทอง", "คำปุ่น", "หนูพิน",
    "บุญมา", "ทองม้วน", "สมจิตร", "ประนอม", "วิไล", "เพ็ญศรี", "กาญจนา", "รัตนา", "สุดารัตน์",
    "ศรีสุดา", "อำไพ", "บังอร", "ยุพิน", "เยาวลักษณ์", "นิตยา", "จันทร์เพ็ญ", "ดวงใจ"
)
SURNAMES = (
    "บุญเกิด", "แก้วจันทร์", "แสงแก้ว", "นิยมวงค์", "ทองแท่ง", "หาญภิรมย์", "สุขจันทร์",
    "อิ่มสมบัติ", "ปักสำราญ", "ยาทะเล", "นามวงค์", "ใจกล้า", "จินดาพล", "สุวรรณ", "บุญวรรญ",
    "ศรีสุข", "พรหมมา", "ทองดี", "สีดา", "คำหอม", "ศรีบุญ", "จันทร์หอม", "ผาสุข", "สายสุด",
    "ทองคำ", "พันธ์แก้ว", "วงศ์ไชย", "บุตรดี", "สมบูรณ์", "ศรีลา", "ประทุมมา", "แก้วมณี",
    "คำแก้ว", "บุญศรี", "ภูมิสถาน", "จันทร์ดี", "ดวงแก้ว", "ทองสุข", "ศรีสะอาด", "นาคสุข",
    "สิงห์คำ", "บุญทัน", "มีสุข", "ไชยศรี", "ทิพย์วงศ์", "แสนสุข", "ปัญญาดี", "อินทร์แก้ว",
    "บัวทอง", "คำภู", "วงศ์สุวรรณ", "สุขสวัสดิ์", "เพ็ชรดี", "ขันทอง", "แก่นจันทร์", "กองแก้ว",
    "ยอดดี", "นามบุญ", "ศรีทอง", "บุญยืน", "โพธิ์ศรี", "จันทร์แก้ว", "สีหาบุตร", "หอมจันทร์",
    "ทองมา", "ดีพร้อม"
)
RECEIPT = "<next receipt form>"  # numbered when posted, so numbers follow the dates
SHOPS = ("ร้านสมใจพาณิชย์", "ร้านเจริญภัณฑ์", "ร้านถ่ายเอกสารหน้าที่ว่าการอำเภอ", "ร้านป้าบุญมา")


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    entries: int
    first_date: dt.date
    last_date: dt.date
    closed_months: int


@dataclass(frozen=True)
class Person:
    title: str
    first: str
    last: str
    house: str
    index: int = 0  # place on the roster: the member id is index + 1

    @property
    def name(self) -> str:
        return f"{self.title}{self.first} {self.last}"


@dataclass
class Spec:
    """An entry to post: lines are (account code, debit satang, credit satang)."""

    day: dt.date
    kind: str
    description: str
    lines: list[tuple[str, int, int]]
    counterpart: str = ""
    evidence: str = ""
    join: Person | None = None  # the villager who joins as a member with this receipt

    def delta(self, code: str) -> int:
        return sum(t[1] - t[2] for t in self.lines if t[0] == code)

    @property
    def for_members(self) -> bool:
        return any(len(t) > 3 for t in self.lines)


def _pay(day: dt.date, desc: str, expense: str, satang: int, who: str = "", src: str = CASH,
         ev: str = "") -> Spec:
    return Spec(day, "payment", desc, [(expense, satang, 0), (src, 0, satang)], who, ev)


def _receive(day: dt.date, desc: str, income: str, satang: int, who: str = "",
             dst: str = CASH, ev: str = "") -> Spec:
    return Spec(day, "receipt", desc, [(dst, satang, 0), (income, 0, satang)], who, ev)


def make_roster(rng: random.Random, count: int, village_no: str) -> list[Person]:
    """`count` villagers in households (shared surname and house number such as 32/1)."""
    people: list[Person] = []
    number = 0
    while len(people) < count:
        number += rng.randint(1, 3)
        house = str(number) if rng.random() > 0.15 else f"{number}/{rng.randint(1, 2)}"
        last = rng.choice(SURNAMES)
        for i in range(min(rng.choice((1, 1, 2, 2, 2, 3, 4)), count - len(people))):
            if rng.random() < 0.45:
                title, first = "นาย", rng.choice(MEN)
            else:
                title, first = ("นางสาว" if i > 1 or rng.random() < 0.25 else "นาง",
                                rng.choice(WOMEN))
            people.append(Person(title, first, last, f"{house} หมู่ที่ {village_no}",
                                 len(people)))
    return people


def _amount(rng: random.Random, lo: int, hi: int, step: int = 1, satang: bool = False) -> int:
    """Whole baht in [lo, hi] by `step` (as satang), sometimes with satang when asked."""
    baht = rng.randrange(lo, hi + 1, step) * 100
    if satang and rng.random() < 0.6:
        baht += rng.choice((25, 50, 75)) if rng.random() < 0.5 else rng.randint(1, 99)
    return baht


class _Fund:
    """The generator's state: roster, who has joined, and the cash and bank balances."""

    def __init__(self, rng: random.Random, members: int, village: tuple[str, ...],
                 months: list[tuple[int, int]]) -> None:
        self.rng = rng
        self.village, self.village_no, self.tambon, self.amphoe = village[:4]
        self.temple = village[6]
        self.bank = f"ธ.ก.ส. สาขา{self.amphoe}"
        self.roster = make_roster(rng, members, self.village_no)
        self.committee = self.roster[: min(15, max(5, members // 20))]
        self.entry_fee = rng.choice((50, 100)) * 100
        self.cash_float = max(1_000, members * 10) * 100
        self.balances = {CASH: 0, BANK1: 0, BANK2: 0, BANK3: 0}
        self.active: list[Person] = []
        # Founders join in the first two months, the others one by one later.
        n = len(months)
        self.joins: dict[int, list[Person]] = {}
        for i, p in enumerate(self.roster):
            when = rng.randint(0, min(1, n - 1)) if i < members * 7 // 10 else rng.randint(0, n - 1)
            self.joins.setdefault(when, []).append(p)
        self.top_up_month = min(n - 1, rng.randint(12, 23)) if n > 24 else n // 2
        self.receipt_book = 0
        self.reg = dm.Registry(0, "0000")
        self.deaths: list[tuple[Person, dt.date]] = []

    def next_receipt(self) -> str:
        """The next receipt form (ใบเสร็จรับเงิน), in books of 50, in the order handed out."""
        n = self.receipt_book = self.receipt_book + 1
        return f"ใบเสร็จเล่มที่ {(n - 1) // 50 + 1} เลขที่ {(n - 1) % 50 + 1}"

    def someone(self) -> Person:
        return self.rng.choice(self.active) if self.active else self.roster[0]


# ---------------------------------------------------------------- one month's events

def _fixed_events(f: _Fund, year: int, month: int, days: list[dt.date], index: int) -> list[Spec]:
    rng, last = f.rng, days[-1]
    month_name = format_month(year, month)
    out: list[Spec] = []
    if index == 0:
        out.append(_receive(days[0], "รับเงินจัดสรรจากรัฐบาล เงินทุนกองทุนหมู่บ้าน 1,000,000 บาท",
                            "31010", 1_000_000_00, GOVERNMENT, BANK1, "หนังสือแจ้งโอนเงิน สทบ."))
    if index == f.top_up_month and index > 0:
        amount = rng.choice((100_000, 200_000, 300_000)) * 100
        out.append(_receive(rng.choice(days), "รับเงินเพิ่มทุนกองทุนหมู่บ้าน ระยะที่ 2 จาก สทบ.",
                            "31020", amount, GOVERNMENT, BANK2, "หนังสือแจ้งโอนเงินเพิ่มทุน"))
    for person in f.joins.get(index, []):
        desc, lines = dm.join_lines(f.reg, person, f.entry_fee, CASH)
        out.append(Spec(rng.choice(days), "receipt", desc, lines,
                        f"{person.name} บ้านเลขที่ {person.house}", RECEIPT, join=person))
    meeting_day = days[min(len(days) - 1, rng.randint(20, 27))]
    present = len(f.committee) - rng.randint(0, 2)
    out.append(_pay(meeting_day, f"จ่ายค่าเบี้ยประชุมคณะกรรมการ ประจำเดือน{month_name}", "51020",
                    present * (100 if len(f.roster) >= 150 else 50) * 100,
                    f"คณะกรรมการกองทุน ({present} คน)"))
    if month % 3 == 0:
        quarter = (month - 1) // 3 + 1
        out.append(_pay(last, f"จ่ายค่าตอบแทนคณะกรรมการ ไตรมาสที่ {quarter}/{to_be_year(year)}",
                        "51010", len(f.committee) * rng.choice((300, 450, 600)) * 100,
                        f"คณะกรรมการกองทุน ({len(f.committee)} คน)"))
    out.append(_pay(days[min(len(days) - 1, rng.randint(5, 15))],
                    f"ค่าไฟฟ้าที่ทำการกองทุน ประจำเดือน{month_name}", "52030",
                    _amount(rng, 120, 480, satang=True), "การไฟฟ้าส่วนภูมิภาค"))
    out.append(_pay(last, f"ค่าถ่ายเอกสารรายงานการเงินประจำเดือน{month_name}", "52020",
                    rng.randint(40, 60 + len(f.roster) // 4) * 50, rng.choice(SHOPS)))
    if month in (6, 12) and last.day >= 20:
        out.extend(_interest(f, days[min(len(days), 25) - 1], year, month))
    out.extend(_public_benefit(f, year, month, days))
    out.extend(_office_events(f, days))
    return out


def _interest(f: _Fund, day: dt.date, year: int, month: int) -> list[Spec]:
    half = "ม.ค.-มิ.ย." if month == 6 else "ก.ค.-ธ.ค."
    out = []
    for code in (BANK1, BANK2, BANK3):
        balance = f.balances[code]
        rate_bp = {BANK1: 50, BANK2: 75, BANK3: 40}[code]  # a year, in hundredths of a percent
        satang = balance * rate_bp // 20_000  # half a year's interest, truncated as banks do
        if balance > 0 and satang > 0:
            out.append(_receive(day, f"รับดอกเบี้ยเงินฝากธนาคาร บัญชีที่ {BANK_NO[code]} "
                                f"งวด {half} {to_be_year(year)}", "43010", satang, f.bank, code,
                                "สมุดบัญชีเงินฝาก"))
    return out


def _public_benefit(f: _Fund, year: int, month: int, days: list[dt.date]) -> list[Spec]:
    rng, day = f.rng, f.rng.choice(days)
    items = {
        1: (f"สนับสนุนงานวันเด็กแห่งชาติ {f.village} ปี {to_be_year(year)}", 1_000, 3_000),
        4: ("สนับสนุนงานประเพณีสงกรานต์ รดน้ำดำหัวผู้สูงอายุ", 1_000, 2_500),
        8: ("สนับสนุนกิจกรรมวันแม่แห่งชาติ", 500, 1_500),
        10: (f"ร่วมทำบุญทอดกฐิน{f.temple}", 1_000, 2_000),
    }
    if month not in items:
        return []
    desc, lo, hi = items[month]
    return [_pay(day, desc, "54020", _amount(rng, lo, hi, 100), f"คณะกรรมการหมู่บ้าน{f.village}")]


def _office_events(f: _Fund, days: list[dt.date]) -> list[Spec]:
    """Running the office: supplies, travel and bank fees, not every month."""
    rng, out = f.rng, []
    if rng.random() < 0.6:
        out.append(_pay(rng.choice(days), "ซื้อวัสดุสำนักงาน (กระดาษ ปากกา แฟ้ม)", "52010",
                        _amount(rng, 85, 1_250, 5, satang=True), rng.choice(SHOPS)))
    if rng.random() < 0.3:
        out.append(_pay(rng.choice(days), "ค่าเดินทางเข้าร่วมประชุมเครือข่ายกองทุนหมู่บ้าน"
                        f"ระดับตำบล{f.tambon}", "52040", _amount(rng, 100, 600, 20),
                        f.committee[0].name))
    if rng.random() < 0.3:
        out.append(_pay(rng.choice(days), "ค่าธรรมเนียมธนาคาร ค่าถอนเงินต่างสาขา", "53010",
                        rng.choice((10, 15, 20, 25)) * 100, f.bank, src=BANK1))
    return out


def _filler_event(f: _Fund, day: dt.date) -> Spec:
    """One of the everyday receipts and payments with a villager, weighted as in real books."""
    rng, p = f.rng, f.someone()
    r = rng.random()
    who = f"{p.name} บ้านเลขที่ {p.house}"
    if r < 0.25:
        return _receive(day, f"รับค่าสมุดบัญชีเงินฝากสัจจะ {p.name}", "42020", 2_000, who,
                        ev=RECEIPT)
    if r < 0.50:
        return _receive(day, f"รับค่าแบบพิมพ์คำขอกู้และสัญญาเงินกู้ {p.name}", "42020",
                        rng.choice((20, 30)) * 100, who, ev=RECEIPT)
    if r < 0.80:
        principal = rng.randrange(5_000, 50_001, 1_000)
        return _receive(day, f"รับค่าธรรมเนียมการกู้ยืมเงิน ร้อยละ 1 ของ {principal:,} บาท "
                        f"{p.name}", "42020", principal, who, ev=RECEIPT)
    if r < 0.84:
        return _receive(day, f"รับค่าปรับไม่เข้าร่วมประชุมใหญ่สามัญประจำปี {p.name}", "42020",
                        rng.choice((20, 50)) * 100, who, ev=RECEIPT)
    if r < 0.90:
        nights = rng.randint(1, 5)
        return _pay(day, f"จ่ายเงินสวัสดิการค่ารักษาพยาบาล นอนโรงพยาบาล {nights} คืน {p.name}",
                    "54010", nights * 200_00, who)
    if r < 0.92:
        return _pay(day, f"จ่ายเงินสวัสดิการรับขวัญบุตร {p.name}", "54010", 500_00, who)
    if r < 0.93 and len(f.active) > 20:
        f.active.remove(p)
        f.deaths.append((p, day))
        return _pay(day, f"จ่ายเงินสวัสดิการช่วยเหลือฌาปนกิจ {p.name}", "54010",
                    rng.choice((2_000, 3_000)) * 100, f"ทายาทของ{p.name}")
    return _pay(day, f"ค่าถ่ายเอกสารสัญญาเงินกู้และหลักฐานผู้ค้ำประกัน {p.name}", "52020",
                rng.randint(4, 40) * 50, rng.choice(SHOPS))


def _member_events(f: _Fund, year: int, month: int, days: list[dt.date],
                   members: list[Person]) -> list[Spec]:
    """The collection day, January's welfare contributions and a few withdrawals."""
    rng, out = f.rng, []
    day = days[min(9, len(days) - 1)]  # วันรับฝากเงินสัจจะ: the 10th
    lines = dm.collection_lines(f.reg, rng, members, CASH)
    if lines:
        out.append(Spec(day, "receipt", dm.collection_description(year, month, len(lines) - 1),
                        lines, "สมาชิกกองทุน", "บัญชีรับฝากเงินสัจจะ"))
    if month == 1 and (lines := dm.welfare_lines(f.reg, members, CASH)):
        out.append(Spec(day, "receipt", dm.welfare_description(year), lines, "สมาชิกกองทุน",
                        "บัญชีรับเงินสมทบสวัสดิการ"))
    for _ in range(rng.randint(0, max(1, len(members) // 60))):
        if members and (w := dm.withdrawal(f.reg, rng, rng.choice(members), CASH)):
            out.append(Spec(rng.choice(days[day.day - 1:]), "payment", w[0], w[1]))
    return out


def month_events(f: _Fund, year: int, month: int, last_day: int, index: int) -> list[Spec]:
    """Every entry of one month except the cash transfers, in date order."""
    rng = f.rng
    days = [dt.date(year, month, d) for d in range(1, last_day + 1)]
    members = list(f.active)  # those who joined before this month save from this month
    for p in f.joins.get(index, []):
        f.active.append(p)
    out = _fixed_events(f, year, month, days, index)
    out.extend(_member_events(f, year, month, days, members))
    target = round(len(f.roster) / 10 * rng.uniform(0.8, 1.2))
    for _ in range(max(rng.randint(1, 3), target - len(out))):
        out.append(_filler_event(f, rng.choice(days)))
    out.sort(key=lambda s: s.day)
    return out


# ---------------------------------------------------------------- posting

class _Poster:
    """Posts specs through the ledger, keeping cash and banks from going negative."""

    def __init__(self, f: _Fund) -> None:
        self.f = f
        self.count = 0

    def post(self, s, spec: Spec, accounts) -> PostedEntry:  # noqa: ANN001
        if spec.join is not None:
            dm.register(s, self.f.reg, spec.join, spec.day, USER)
        lines = [LineInput(t[0], from_satang(t[1]), from_satang(t[2]),
                           member_id=t[3] if len(t) > 3 else None,
                           memo=t[4] if len(t) > 4 else "") for t in spec.lines]
        posted = ledger.post_entry(s, kind=spec.kind, date=spec.day, description=spec.description,
                                   lines=lines, user=USER, counterpart=spec.counterpart,
                                   evidence_ref=spec.evidence, _accounts=accounts)
        self._apply(spec)
        return posted

    def _apply(self, spec: Spec) -> None:
        for code in self.f.balances:
            self.f.balances[code] += spec.delta(code)
        self.count += 1

    def affordable(self, s, spec: Spec, accounts) -> bool:  # noqa: ANN001
        """Fetch cash from the bank first if needed; False when even the banks cannot pay."""
        need = -spec.delta(CASH) - self.f.balances[CASH]
        for bank in (BANK1, BANK2, BANK3):
            if self.f.balances[bank] + spec.delta(bank) < 0:
                return False
        if need <= 0:
            return True
        amount = -(-(need + self.f.cash_float) // 100_000) * 100_000  # up to whole thousands
        bank = next((b for b in (BANK1, BANK2) if self.f.balances[b] - amount >= 0), None)
        if bank is None:
            return False
        self.post(s, Spec(spec.day, "transfer", f"ถอนเงินจากธนาคาร บัญชีที่ {BANK_NO[bank]} "
                          "เพื่อใช้จ่ายในกองทุน", [(CASH, amount, 0), (bank, 0, amount)],
                          self.f.bank, "ใบถอนเงิน"), accounts)
        return True

    def deposit_excess(self, s, day: dt.date, accounts) -> None:  # noqa: ANN001
        excess = (self.f.balances[CASH] - self.f.cash_float) // 10_000 * 10_000
        if excess >= self.f.cash_float // 2:
            bank = BANK1 if self.f.rng.random() < 0.8 else BANK3
            self.post(s, Spec(day, "transfer", f"นำเงินสดฝากธนาคาร บัญชีที่ {BANK_NO[bank]}",
                              [(bank, excess, 0), (CASH, 0, excess)], self.f.bank, "ใบฝากเงิน"),
                      accounts)

    def correct(self, s, day: dt.date, slip: tuple[int, Spec], accounts) -> None:  # noqa: ANN001
        """Reverse an entry posted with a wrong amount, then post it right (ลงผิด แก้ใหม่)."""
        entry_id, right = slip
        wrong = ledger.get_entry(s, entry_id)
        mirror = Spec(day, "adjustment", "", [(ln.account_code, ln.credit_satang, ln.debit_satang)
                                              for ln in wrong.lines])
        if not self.affordable(s, mirror, accounts):
            return
        ledger.reverse_entry(s, entry_id=entry_id, date=day, user=USER,
                             reason=self.f.rng.choice(("บันทึกจำนวนเงินผิด",
                                                       "ลงจำนวนเงินสลับหลัก")))
        self._apply(mirror)
        fixed = Spec(day, right.kind, right.description, right.lines, right.counterpart,
                     right.evidence)
        if self.affordable(s, fixed, accounts):
            self.post(s, fixed, accounts)


def _slipped(spec: Spec) -> Spec:
    """The same entry typed with a slip: hundreds and tens swapped (1,250 → 1,520)."""
    satang = spec.lines[0][1] or spec.lines[0][2]
    baht, rest = divmod(satang, 100)
    digits = list(str(baht))
    i = max(0, len(digits) - 3)
    if len(digits) >= 2 and digits[i] != digits[i + 1]:
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
        wrong = int("".join(digits)) * 100 + rest
    else:
        wrong = satang + 1_000
    return Spec(spec.day, spec.kind, spec.description,
                [(a, wrong if d else 0, wrong if c else 0) for a, d, c in spec.lines],
                spec.counterpart, spec.evidence)


def _post_month(s, poster: _Poster, specs: list[Spec], accounts,  # noqa: ANN001
                loans: demo_loans.DemoLoans | None = None) -> None:
    """Post a month in date order; now and then one entry goes in wrong and is corrected.
    The month's loan business (`loans`) goes in among the entries, day by day."""
    rng = poster.f.rng
    slip_at = -1
    if rng.random() < 0.3:
        eligible = [i for i, sp in enumerate(specs) if sp.kind in ("receipt", "payment")
                    and sp.delta(CASH) and len(sp.lines) == 2 and not sp.for_members]
        slip_at = rng.choice(eligible) if eligible else -1
    pending: tuple[int, Spec] | None = None
    fix_day = specs[-1].day if specs else None
    for i, spec in enumerate(specs):
        if loans is not None:
            loans.post_through(s, spec.day)
        if pending is not None and spec.day >= fix_day:
            poster.correct(s, spec.day, pending, accounts)
            pending = None
        if spec.evidence == RECEIPT:
            spec.evidence = poster.f.next_receipt()
        typed = _slipped(spec) if i == slip_at else spec
        if not poster.affordable(s, typed, accounts):
            continue
        posted = poster.post(s, typed, accounts)
        if i == slip_at:
            pending = (posted.id, spec)
            later = [sp.day for sp in specs[i:] if sp.day > spec.day]
            fix_day = rng.choice(later) if later else spec.day
        if i + 1 == len(specs) or specs[i + 1].day != spec.day:
            poster.deposit_excess(s, spec.day, accounts)
    if pending is not None:
        poster.correct(s, fix_day, pending, accounts)
    if loans is not None and loans.post_through(s, loans.month_end):
        poster.deposit_excess(s, loans.month_end, accounts)
    _estates(s, poster, accounts)


def _estates(s, poster: _Poster, accounts) -> None:  # noqa: ANN001
    """Members who died this month: status deceased, savings and shares to the heirs."""
    from app.errors import KongtunError

    f = poster.f
    for person, day in f.deaths:
        try:
            dm.record_death(s, person, day, USER)
        except KongtunError:  # joined later the same month: the payout was a neighbour's
            continue
        paid = dm.estate(f.reg, person, CASH)
        if paid is not None:
            spec = Spec(day, "payment", paid[0], paid[1], f"ทายาทของ{person.name}")
            if poster.affordable(s, spec, accounts):
                poster.post(s, spec, accounts)
    f.deaths.clear()


# ---------------------------------------------------------------- the build

def _months(until: dt.date, years: int) -> list[tuple[int, int, int]]:
    """(year, month, last day to use) for `years` × 12 months ending with until's month."""
    out = []
    for k in range(years * 12 - 1, -1, -1):
        y, m = divmod(until.year * 12 + until.month - 1 - k, 12)
        m += 1
        last = periods.month_end(y, m).day if (y, m) != (until.year, until.month) else until.day
        out.append((y, m, last))
    return out


def build_demo(path: Path | str, *, members: int = 200, years: int = 3, seed: int = 7,
               until: dt.date = dt.date(2025, 6, 30),
               progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Create a realistic demo fund file at `path` (refused if it exists); see the module doc."""
    if not 10 <= members <= 100_000 or not 1 <= years <= 50:
        raise InvalidInput("A demo fund needs 10 to 100,000 members and 1 to 50 years.")
    path = Path(path)
    rng = random.Random(seed)
    village = VILLAGES[seed % len(VILLAGES)]
    months = _months(until, years)
    first = dt.date(months[0][0], months[0][1], 1)
    new = fund.NewFund(name=f"กองทุนหมู่บ้าน{village[0]} หมู่ที่ {village[1]}", code=village[5],
                       village_no=village[1], village=village[0], tambon=village[2],
                       amphoe=village[3], province=village[4], fiscal_start_month=1)
    db = fund.create_fund(path, new, working_date=first, lock=True)
    try:
        f = _Fund(rng, members, village, [(y, m) for y, m, _ in months])
        f.reg = dm.Registry(seed, village[5][:4])
        with db.write() as s:
            fund.set_setting(s, "share_price", str(dm.SHARE_PRICE // 100))
            fund.set_setting(s, "entry_fee", str(f.entry_fee // 100))
        poster = _Poster(f)
        loans = demo_loans.DemoLoans(f, seed=seed, until=until, months=len(months))
        closed = 0
        for index, (year, month, last_day) in enumerate(months):
            with db.write() as s:
                if index > 0 and month == 1:
                    periods.open_fiscal_year(s, containing=dt.date(year, 1, 1), user=USER)
                if index == 0:  # months of the first fiscal year before the fund existed
                    for m in range(1, month):
                        periods.close_period(s, year=year, month=m, user=USER)
                        closed += 1
                if 0 < index <= len(months) - 2:
                    prev = months[index - 1]
                    periods.close_period(s, year=prev[0], month=prev[1], user=USER)
                    closed += 1
                accounts = chart.accounts_by_code(s)
                specs = month_events(f, year, month, last_day, index)
                loans.start_month(s, year=year, month=month, last_day=last_day, index=index)
                _post_month(s, poster, specs, accounts, loans)
                demo_cashbook.month_end_checks(s, year=year, month=month, user=USER, rng=rng)
                # The count may have booked a shortage: carry on from the ledger's figures.
                for b in account_balances(s, as_of=dt.date(year, month, last_day)):
                    if b.code in f.balances:
                        f.balances[b.code] = b.net_satang
                fund.set_working_date(s, day=dt.date(year, month, last_day), user=USER)
            if progress is not None:
                progress(index + 1, len(months))
    except BaseException:
        db.close()
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        raise
    with db.read() as s:  # the month-end counts post their differences too
        entries = entry_count(s)
    db.close()
    return DemoSummary(path, entries, first, until, closed)
