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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
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


def _numbered_canvas(frame: PageFrame):  # noqa: ANN202 - returns a Canvas subclass
    class NumberedCanvas(Canvas):
        """Keeps each page until the end so the footer can say "page n of N"."""

        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

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


def render_pdf(flowables: Sequence[Flowable], frame: PageFrame) -> bytes:
    """Lay the flowables out on A4 pages and return the PDF bytes."""
    register_fonts()
    buf = io.BytesIO()
    size = landscape(A4) if frame.landscape else A4
    doc = SimpleDocTemplate(buf, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, title=frame.title,
                            author="Kongtun", creator="Kongtun", producer="Kongtun",
                            invariant=1)
    doc.build(list(flowables), canvasmaker=_numbered_canvas(frame))
    return buf.getvalue()


def write_pdf(flowables: Sequence[Flowable], frame: PageFrame, path: Path | str) -> Path:
    """Render and write atomically; returns the path."""
    data = render_pdf(flowables, frame)
    path = Path(path)
    _atomic(path, lambda tmp: tmp.write_bytes(data))
    return path


__all__ = ["BOLD", "REGULAR", "TA_CENTER", "TA_LEFT", "TA_RIGHT", "PageFrame", "PrintOptions",
           "render_pdf", "write_pdf"]
