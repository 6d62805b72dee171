"""Layout of the Thai forms and contracts (สัญญา): indented clauses, the title with the
number, place and date on the right half, and rows of signature blocks with the names
pre-filled under them, kept together with the closing paragraph so that no signature
stands alone on a page. Used by app.reports.loan_contract.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import KeepTogether, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from app.i18n import gettext as _
from app.reports.layout import Doc, page_width
from app.reports.thai_text import BOLD, TextStyle, ThaiText, draw_shaped, wrap_lines

BODY = TextStyle(size=14, leading=21)
BODY_BOLD = TextStyle(font=BOLD, size=14, leading=21)
TITLE = TextStyle(font=BOLD, size=19, leading=26, align=TA_CENTER)
INDENT = 56.0        # first-line indent of a paragraph (2 cm)


class Clause(ThaiText):
    """A paragraph whose first line is indented, as in Thai contracts and letters."""

    def __init__(self, text: str, style: TextStyle = BODY, *, indent: float = INDENT,
                 _lines: Sequence[str] | None = None, _first: bool = True,
                 _last: bool = True) -> None:
        super().__init__(text, style, _lines=_lines, _first=_first, _last=_last)
        self.indent = indent if _first else 0.0

    def _layout(self, width: float) -> list[str]:
        if self._fixed_lines is not None:
            return self._fixed_lines
        st, whole = self.style, self.text.strip()
        first = wrap_lines(whole, width - self.indent, st.font, st.size)[0]
        if not whole.startswith(first):
            return wrap_lines(whole, width, st.font, st.size)
        rest = whole[len(first):].strip()
        return [first, *(wrap_lines(rest, width, st.font, st.size) if rest else [])]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._layout(availWidth)
        fit = int(availHeight // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return []
        return [Clause(self.text, self.style, indent=self.indent, _lines=lines[:fit],
                       _first=self._first, _last=False),
                Clause(self.text, self.style, _lines=lines[fit:], _first=False,
                       _last=self._last)]

    def draw(self) -> None:
        st = self.style
        self.canv.setFillColorRGB(*st.color)
        y = self.height - st.leading + (st.leading - st.size) / 2 + st.size * 0.25
        for k, line in enumerate(self._lines):
            if line:
                draw_shaped(self.canv, self.indent if k == 0 else 0.0, y, line, st.font,
                            st.size)
            y -= st.leading


def para(doc: Doc, text: str, style: TextStyle = BODY) -> None:
    doc.add(Clause(doc.t(text), style))


def clauses(doc: Doc, clauses: Sequence[str]) -> None:
    for i, text in enumerate(clauses, 1):
        para(doc, _("Clause {no}. {text}").format(no=i, text=text))


def form_top(doc: Doc, title: str, lines: Sequence[str]) -> None:
    """The title, then the number, the place and the date on the right half."""
    doc.text(title, TITLE)
    doc.space(6)
    w = page_width()
    block = [ThaiText(doc.t(x), TextStyle(size=14, leading=20)) for x in lines]
    table = Table([["", block]], colWidths=[w * 0.5, w * 0.5])
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    doc.add(table)
    doc.space(8)


def signature_rows(doc: Doc, closing: str, signers: Sequence[tuple[str, str]]) -> None:
    """The closing paragraph, then three signature blocks a row, kept together:

        ลงชื่อ..........................
            (นายสมชาย ใจดี)        <- the name when known, dots otherwise
                 ผู้กู้
    """
    style = TextStyle(size=13.5, leading=19, align=TA_CENTER)
    dots, sign = "." * 26, _("Signed")
    # "คู่สมรสผู้กู้ (ผู้ให้ความยินยอม)": the bracket on its own line, never broken inside.
    blocks = [ThaiText(doc.t(f"{sign}{dots}\n({name or dots})\n"
                             + role.replace(" (", "\n(")), style) for role, name in signers]
    w = page_width()
    part: list[Flowable] = [Clause(doc.t(closing), BODY)]
    for i in range(0, len(blocks), 3):
        row = blocks[i:i + 3]
        table = Table([row + [""] * (3 - len(row))], colWidths=[w / 3] * 3)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 2),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                                   ("TOPPADDING", (0, 0), (-1, -1), 14),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        part.append(table)
    doc.add(KeepTogether(part))
