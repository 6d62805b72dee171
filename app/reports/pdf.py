"""A4 Thai documents: page frame, running header, "หน้า 1/3" footers, reproducible output.

Renderers hand a list of flowables (mostly `ThaiText` and tables of them) to
`write_pdf`. The document is built in memory and written atomically (temporary file
beside the target, then rename), so a failure never leaves half a PDF. Output is
reproducible — ReportLab's invariant mode and no clock anywhere: the printed date is
an option, normally the fund's working date — so golden tests can compare pages.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus.flowables import Flowable

from app.i18n import gettext as _
from app.reports.tables import _atomic
from app.reports.thai_text import BOLD, REGULAR, draw_text, register_fonts
from app.thai import format_date, to_thai_digits

rl_config.invariant = 1  # same data, same bytes: no timestamps or random ids in the file

MARGIN = 18 * mm


@dataclass(frozen=True)
class PrintOptions:
    """What the bookkeeper chooses when printing."""

    thai_digits: bool = False          # ๐–๙ instead of 0–9 on the whole document
    page_numbers: bool = True          # "หน้า 1/3" in the footer
    printed_on: dt.date | None = None  # "พิมพ์วันที่ ..." in the footer; None prints no date

    def digits(self, text: str) -> str:
        return to_thai_digits(text) if self.thai_digits else text


@dataclass(frozen=True)
class PageFrame:
    """The running texts of every page."""

    fund_line: str    # e.g. "กองทุนหมู่บ้านหนองฮะ หมู่ที่ 3 ตำบลปราสาท"
    title: str        # the report's title, repeated on pages after the first
    options: PrintOptions
    landscape: bool = False


def _numbered_canvas(frame: PageFrame,  # noqa: ANN202 - returns a Canvas subclass
                     on_page: Callable[[int], None] | None = None):
    class NumberedCanvas(Canvas):
        """Keeps each page until the end so the footer can say "page n of N"."""

        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()
            if on_page is not None:
                on_page(len(self._pages))

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _decorate(self, frame, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _decorate(canv: Canvas, frame: PageFrame, page: int, total: int) -> None:
    width, height = canv._pagesize
    opts = frame.options
    canv.saveState()
    canv.setFillColorRGB(0.3, 0.3, 0.3)
    if page > 1:
        draw_text(canv, MARGIN, height - 12 * mm, opts.digits(frame.fund_line), size=10)
        draw_text(canv, width - MARGIN, height - 12 * mm, opts.digits(frame.title), size=10,
                  align=TA_RIGHT)
    if opts.printed_on is not None:
        printed = _("Printed on {date}").format(date=format_date(opts.printed_on, "long"))
        draw_text(canv, MARGIN, 10 * mm, opts.digits(printed), size=10, align=TA_LEFT)
    if opts.page_numbers:
        text = _("Page {page}/{total}").format(page=page, total=total)
        draw_text(canv, width - MARGIN, 10 * mm, opts.digits(text), size=10, align=TA_RIGHT)
    canv.restoreState()


# ---------------------------------------------------------------- ToUnicode for shaped Thai

_PRIVATE = range(0xE000, 0xF900)


def _glyph_text(font: TTFont, code: int) -> str:
    """The text of a glyph ReportLab gave a private-use code, from its name: uni0E48.small
    is U+0E48; the ligature uni0E4D0E49 (ํ with ้, from ำ) reads tone mark then ํ."""
    gid = font.face.charToGlyph.get(code)
    name = font.hbFont().glyph_to_string(gid) if gid is not None else ""
    hexes = name.split(".")[0].removeprefix("uni")
    if not name.startswith("uni") or len(hexes) % 4 or not hexes:
        return chr(code)
    try:
        chars = [chr(int(hexes[i:i + 4], 16)) for i in range(0, len(hexes), 4)]
    except ValueError:
        return chr(code)
    if len(chars) == 2 and chars[0] == "\u0e4d":
        chars.reverse()
    return "".join(chars)


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ReportLab's ToUnicode CMap, with the private-use codes of our fonts read as text."""
    font = None
    for name in (REGULAR, BOLD):
        candidate = pdfmetrics.getFont(name)
        if fontname.split("+", 1)[-1].encode("latin-1") == (candidate.face.name
                                                            + candidate.face.subfontNameX):
            font = candidate
    targets = []
    for code in subset:
        text = _glyph_text(font, code) if font is not None and code in _PRIVATE else chr(code)
        targets.append(text.encode("utf-16-be").hex().upper())
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar", *(f"<{i:02X}> <{t}>" for i, t in enumerate(targets)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def render_pdf(flowables: Sequence[Flowable], frame: PageFrame, *,
               on_page: Callable[[int], None] | None = None) -> bytes:
    """Lay the flowables out on A4 pages and return the PDF bytes.

    `on_page(n)` is called as each page is laid out; whatever it raises stops the build.
    """
    register_fonts()
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # ReportLab calls it by this global name
    buf = io.BytesIO()
    size = landscape(A4) if frame.landscape else A4
    doc = SimpleDocTemplate(buf, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, title=frame.title,
                            author="Kongtun", creator="Kongtun", producer="Kongtun",
                            invariant=1)
    doc.build(list(flowables), canvasmaker=_numbered_canvas(frame, on_page))
    return buf.getvalue()


def write_pdf(flowables: Sequence[Flowable], frame: PageFrame, path: Path | str, *,
              on_page: Callable[[int], None] | None = None) -> Path:
    """Render and write atomically; returns the path."""
    data = render_pdf(flowables, frame, on_page=on_page)
    path = Path(path)
    _atomic(path, lambda tmp: tmp.write_bytes(data))
    return path


__all__ = ["BOLD", "REGULAR", "TA_CENTER", "TA_LEFT", "TA_RIGHT", "PageFrame", "PrintOptions",
           "render_pdf", "write_pdf"]
