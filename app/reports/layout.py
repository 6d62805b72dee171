"""Shared layout of the printed reports: styles, headings, tables, banners, signatures.

Renderers describe what goes where; this module decides how it looks, so every report
has the same Thai official-document look (centred bold title, the fund and its address
under it, thin-ruled tables with a shaded header, dotted signature lines). Every text
goes through `ThaiText` (shaped, wrapped between words) and `Doc.t`, which applies the
Thai-digits option, so nothing is ever drawn as a plain string.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from app.i18n import gettext as _
from app.money import format_amount
from app.reports.pdf import MARGIN, PageFrame, PrintOptions
from app.reports.thai_text import (
    BOLD,
    REGULAR,
    TextStyle,
    ThaiText,
    draw_shaped,
    text_width,
    wrap_lines,
)
from app.services.fund import FundInfo

GREY = (0.35, 0.35, 0.35)
MUTED = (0.45, 0.45, 0.45)
RED = (0.7, 0.05, 0.05)
LINE = (0.55, 0.55, 0.55)
ROW_LINE = (0.8, 0.8, 0.8)
SHADE = (0.9, 0.93, 0.97)
TOTAL_SHADE = (0.95, 0.95, 0.95)

TITLE = TextStyle(font=BOLD, size=18, leading=23, align=TA_CENTER)
SUBTITLE = TextStyle(size=14, leading=18, align=TA_CENTER)
CENTER = TextStyle(size=13, leading=17, align=TA_CENTER)
BODY = TextStyle(size=14, leading=19)
SECTION = TextStyle(font=BOLD, size=14, leading=19, space_before=3, space_after=1)


FRAME_PADDING = 6  # ReportLab's frames keep 6 pt inside the margins on each side


def page_width(landscape_page: bool = False) -> float:
    """The width a flowable may take between the margins, in points."""
    return (landscape(A4) if landscape_page else A4)[0] - 2 * MARGIN - 2 * FRAME_PADDING


def fund_line(info: FundInfo) -> str:
    """The fund as the running header names it: name, village no. (unless the name has
    it already, as "กองทุนหมู่บ้าน... หมู่ที่ 3" often does) and tambon."""
    if f"หมู่ที่ {info.village_no}" in info.name:
        return _("{name}, tambon {tambon}").format(name=info.name, tambon=info.tambon)
    return _("{name}, village no. {no}, tambon {tambon}").format(
        name=info.name, no=info.village_no, tambon=info.tambon)


def fund_address(info: FundInfo) -> str:
    """หมู่ที่ 3 บ้านหนองฮะ ตำบลปราสาท อำเภอห้วยทับทัน จังหวัดศรีสะเกษ"""
    village = info.village.removeprefix("บ้าน").strip()
    return _("Village no. {no}, Ban {village}, Tambon {tambon}, Amphoe {amphoe}, "
             "{province} Province").format(no=info.village_no, village=village,
                                           tambon=info.tambon, amphoe=info.amphoe,
                                           province=info.province)


@dataclass(frozen=True)
class Row:
    """A table row: its cells, and how it looks."""

    cells: tuple[str, ...]
    bold: bool = False
    shade: bool = False     # light grey background (totals)
    rule: bool = False      # a line above it
    muted: bool = False     # grey text (a cancelled entry)
    span: bool = False      # the first cell spans the whole row (a section heading)
    double: bool = False    # a double line under it (a grand total)
    strong: tuple[int, ...] = ()  # these cells in bold


@dataclass
class Doc:
    """What a renderer builds: its flowables and its page frame, with the print options."""

    options: PrintOptions
    frame: PageFrame
    flowables: list[Flowable] = field(default_factory=list)

    def t(self, text: str) -> str:
        """Text as printed: Thai digits when the option is on."""
        return self.options.digits(text)

    def money(self, satang: int, *, dash_zero: bool = False, brackets: bool = False) -> str:
        """1,234.50; "-" for zero when asked; (1,234.50) for a negative when asked."""
        if dash_zero and satang == 0:
            return "-"
        if brackets and satang < 0:
            return self.t(f"({format_amount(-satang)})")
        return self.t(format_amount(satang))

    def add(self, *flowables: Flowable) -> None:
        self.flowables.extend(flowables)

    def text(self, text: str, style: TextStyle = BODY) -> None:
        self.add(ThaiText(self.t(text), style))

    def space(self, points: float) -> None:
        self.add(Spacer(1, points))

    def heading(self, title: str, info: FundInfo, *lines: str) -> None:
        """Title, the fund's name and address, then the report's own lines (dates)."""
        self.text(title, TITLE)
        self.text(info.name, TextStyle(font=BOLD, size=14, leading=18, align=TA_CENTER))
        self.text(fund_address(info), CENTER)
        for line in lines:
            self.text(line, SUBTITLE)
        self.space(6)

    def section(self, title: str) -> None:
        self.text(title, SECTION)

    def banner(self, text: str) -> None:
        """A boxed red notice across the page (ยังไม่ปิดงวด)."""
        style = TextStyle(font=BOLD, size=14, leading=20, align=TA_CENTER, color=RED)
        box = Table([[ThaiText(self.t(text), style)]], colWidths=[page_width(self.frame.landscape)])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, RED),
                                 ("BACKGROUND", (0, 0), (-1, -1), (1, 0.95, 0.95)),
                                 ("TOPPADDING", (0, 0), (-1, -1), 2),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        self.add(box, Spacer(1, 6))

    def grid(self, header: Sequence[str] | None, rows: Sequence[Row], widths: Sequence[float],
             aligns: str, *, size: float = 13) -> Grid:
        """A ruled table; the header row repeats on every page it runs over.

        widths: column widths in points; aligns: one letter per column, L/C/R.
        """
        head = Row(tuple(self.t(h) for h in header), bold=True) if header else None
        return Grid(head, [Row(tuple(self.t(c) for c in r.cells), *_flags(r)) for r in rows],
                    tuple(widths), aligns, size)

    def signatures(self, roles: Sequence[str], *, columns: int = 3) -> None:
        """Signature blocks as Thai official documents have them:

            ลงชื่อ..............................
                 (..............................)
                        ผู้จัดทำ/เหรัญญิก
        """
        style = TextStyle(size=13, leading=18, align=TA_CENTER)
        sign, dots = _("Signed"), "." * 32
        blocks = [ThaiText(self.t(f"{sign}{dots}\n({dots})\n{role}"), style) for role in roles]
        rows = [blocks[i:i + columns] for i in range(0, len(blocks), columns)]
        rows[-1] += [""] * (columns - len(rows[-1]))
        width = page_width(self.frame.landscape) / columns
        table = Table(rows, colWidths=[width] * columns)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 10)]))
        self.add(table)


def _flags(r: Row) -> tuple:
    return r.bold, r.shade, r.rule, r.muted, r.span, r.double, r.strong


class Grid(Flowable):
    """A table of text cells, fast for long books: every cell is wrapped once (between
    Thai words, by the text layer), rows split across pages with the header repeated.

    ReportLab's Table re-measures every cell flowable on every page; a year's cash book
    (thousands of rows) took over ten seconds that way.
    """

    PAD_X, PAD_TOP, PAD_BOTTOM = 4.0, 1.5, 2.5

    def __init__(self, header: Row | None, rows: list[Row], widths: tuple[float, ...],
                 aligns: str, size: float, _lines: list | None = None,
                 _heights: list[float] | None = None) -> None:
        super().__init__()
        self.header, self.rows, self.widths = header, rows, widths
        self.aligns, self.size, self.leading = aligns, size, size * 1.32
        self._lines = _lines      # per row (header first): per cell, its lines
        self._heights = _heights  # per row (header first)

    def _layout(self) -> list:
        if self._lines is None:
            pad = 2 * self.PAD_X
            self._lines = []
            head = [self.header] if self.header else []
            for i, row in enumerate(head + self.rows):
                cells = []
                for j, text in enumerate(row.cells):
                    width = (sum(self.widths) if row.span else self.widths[j]) - pad
                    # An amount is never broken: too wide, it is drawn smaller instead.
                    amount = not (row.span or i < len(head)) and self.aligns[j] == "R"
                    cells.append([text] if amount and "\n" not in text else
                                 wrap_lines(text, width, _font(row, j), self.size))
                self._lines.append(cells)
            extra = self.PAD_TOP + self.PAD_BOTTOM
            self._heights = [max((len(c) for c in cells), default=1) * self.leading + extra
                             for cells in self._lines]
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._layout()
        self.width = sum(self.widths)
        self.height = sum(self._heights)  # type: ignore[arg-type]
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines, heights = self._layout(), self._heights or []
        n = 1 if self.header else 0
        used, fit = sum(heights[:n]), 0
        for h in heights[n:]:
            used += h
            if used > availHeight:
                break
            fit += 1
        if fit == 0 or fit >= len(self.rows):
            return []
        k = n + fit
        return [Grid(self.header, self.rows[:fit], self.widths, self.aligns, self.size,
                     lines[:k], heights[:k]),
                Grid(self.header, self.rows[fit:], self.widths, self.aligns, self.size,
                     lines[:n] + lines[k:], heights[:n] + heights[k:])]

    def draw(self) -> None:
        canv, total = self.canv, sum(self.widths)
        rows = ([self.header] if self.header else []) + self.rows
        y = self.height
        canv.saveState()
        canv.setLineWidth(0.4)
        for i, (row, cells, h) in enumerate(zip(rows, self._layout(), self._heights or [],
                                                strict=True)):
            is_head = i == 0 and self.header is not None
            fill = SHADE if is_head else TOTAL_SHADE if row.shade else None
            if fill:
                canv.setFillColorRGB(*fill)
                canv.rect(0, y - h, total, h, stroke=0, fill=1)
            canv.setStrokeColorRGB(*(LINE if is_head or row.rule else ROW_LINE))
            canv.line(0, y, total, y)
            canv.setFillColorRGB(*(MUTED if row.muted else (0, 0, 0)))
            x = 0.0
            for j, text_lines in enumerate(cells):
                width = total if row.span else self.widths[j]
                align = "C" if is_head else "L" if row.span else self.aligns[j]
                self._draw_cell(text_lines, x, y, width, align, _font(row, j))
                x += width
            canv.setStrokeColorRGB(*LINE)
            if not row.span:
                x = 0.0
                for w in self.widths[:-1]:
                    x += w
                    canv.line(x, y, x, y - h)
            if row.double:
                canv.line(0, y - h - 1.5, total, y - h - 1.5)
            y -= h
        canv.setStrokeColorRGB(*LINE)
        canv.rect(0, 0, total, self.height, stroke=1, fill=0)
        canv.restoreState()

    def _draw_cell(self, lines: list[str], x: float, top: float, width: float, align: str,
                   font: str) -> None:
        size, leading = self.size, self.leading
        base = top - self.PAD_TOP - leading + (leading - size) / 2 + size * 0.25
        for k, line in enumerate(lines):
            if not line:
                continue
            size = self.size
            if align == "L":
                lx = x + self.PAD_X
            else:
                w, room = text_width(line, font, size), width - 2 * self.PAD_X
                if w > room and align == "R":  # an amount wider than its column
                    size, w = size * room / w, room
                lx = x + width - self.PAD_X - w if align == "R" else x + (width - w) / 2
            draw_shaped(self.canv, lx, base - k * leading, line, font, size)


def _font(row: Row, j: int) -> str:
    return BOLD if row.bold or row.span or j in row.strong else REGULAR


def new_doc(info: FundInfo, title: str, options: PrintOptions, *,
            landscape_page: bool = False) -> Doc:
    frame = PageFrame(fund_line=fund_line(info), title=title, options=options,
                      landscape=landscape_page)
    return Doc(options, frame)
