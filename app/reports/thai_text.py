"""The one Thai text layer of every PDF: bundled font, HarfBuzz shaping, word-break wrapping.

Three ReportLab traps are avoided here (see ARCHITECTURE.md, "Reports"):
- Thai marks are placed correctly only when HarfBuzz shapes the text. We shape every
  string with `shapeStr` ourselves and draw the shaped string; `drawString(shaping=True)`
  silently does nothing without the bidi package, and plain strings in table cells are
  never shaped.
- ReportLab breaks lines only at spaces, and Thai has none between words. We segment
  with PyThaiNLP's dictionary engine (`newmm`, offline) plus a word list of fund
  vocabulary, and fill lines ourselves; a word wider than the line is cut between
  Thai character clusters, never between a letter and its marks.
- Long shaped paragraphs may fail to split across pages. `ThaiText` is our own
  flowable: it knows its lines, so it splits between any two of them, inside table
  cells as well as in the page body.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.platypus.flowables import Flowable

from app.errors import KongtunError

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "th" / "fonts"
REGULAR = "Sarabun"
BOLD = "Sarabun-Bold"
_FONT_FILES = {REGULAR: "Sarabun-Regular.ttf", BOLD: "Sarabun-Bold.ttf"}

# Words of village-fund bookkeeping that the general dictionary splits or misses.
FUND_WORDS = frozenset("""
กองทุนหมู่บ้าน กองทุน กทบ. สัจจะ เงินสัจจะ ฌาปนกิจ สวัสดิการ ผู้ค้ำประกัน ค้ำประกัน ผู้กู้
ผู้กู้ยืม ลูกหนี้ เจ้าหนี้ เงินกู้ ดอกเบี้ย ค่าปรับ ประนอมหนี้ ปันผล เฉลี่ยคืน ใบสำคัญรับ ใบสำคัญจ่าย
ใบสำคัญ ใบเสร็จรับเงิน งบทดลอง งวดบัญชี ปิดงวด ยอดยกมา ยอดยกไป คงเหลือ หมู่ที่ บ้านเลขที่
ครัวเรือน เหรัญญิก ผู้ตรวจสอบ พัฒนากร เงินจัดสรร เพิ่มทุน เรือนหุ้น ทุนเรือนหุ้น ทุนสำรอง
ทุนสะสม ค่าเบี้ยประชุม ค่าตอบแทน เงินฝากธนาคาร เงินสด กข.คจ. ออมทรัพย์ สมุดเงินสด
""".split())


class ReportError(KongtunError):
    """A report cannot be made (missing font, bad month...)."""


class MissingFont(ReportError):
    message_id = "The Thai font file {path} is missing; reinstall Kongtun."


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register the bundled Sarabun Regular and Bold with ReportLab (once)."""
    for name, filename in _FONT_FILES.items():
        path = FONT_DIR / filename
        if not path.is_file():
            raise MissingFont(path=str(path))
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return REGULAR, BOLD


@functools.cache
def _dictionary():
    from pythainlp.corpus import thai_words
    from pythainlp.util import dict_trie

    return dict_trie(set(thai_words()) | FUND_WORDS)


def warm_up() -> None:
    """Load the word dictionary ahead of the first report (it takes about a second)."""
    _dictionary()


_NO_BREAK_BEFORE = set(")]},.;:!?%”’ๆฯ")
_NO_BREAK_AFTER = set("([{“‘")


@functools.lru_cache(maxsize=65536)
def segment(text: str) -> tuple[str, ...]:
    """Split text into unbreakable pieces: Thai words, Latin words, numbers, spaces.

    Closing punctuation sticks to the piece before it, opening to the piece after.
    """
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(text, custom_dict=_dictionary(), engine="newmm", keep_whitespace=True)
    pieces: list[str] = []
    for tok in tokens:
        if pieces and not tok.isspace() and not pieces[-1].isspace() and (
                tok[0] in _NO_BREAK_BEFORE or pieces[-1][-1] in _NO_BREAK_AFTER):
            pieces[-1] += tok
        else:
            pieces.append(tok)
    return tuple(pieces)


def clusters(word: str) -> list[str]:
    """Thai character clusters: a letter with its marks (and ำ) never come apart."""
    out: list[str] = []
    for ch in word:
        joins = unicodedata.category(ch) == "Mn" or ch in "\u0e33\u0e45"
        if out and joins:
            out[-1] += ch
        else:
            out.append(ch)
    return out


@functools.lru_cache(maxsize=131072)
def text_width(text: str, font: str, size: float) -> float:
    """Width of the shaped text in points."""
    if not text:
        return 0.0
    shaped = shapeStr(text, font, size)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        return pdfmetrics.stringWidth(text, font, size)
    return sum(g.x_advance for g in data) * size / 1000


def wrap_lines(text: str, width: float, font: str, size: float) -> list[str]:
    """Break text into lines no wider than `width`, between words (explicit \\n kept)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, font, size))
    return lines


def _wrap_paragraph(text: str, width: float, font: str, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for piece in segment(text):
        if piece.isspace():
            if current:
                current += piece  # kept only if another word follows on this line
            continue
        if text_width(current + piece, font, size) <= width:
            current += piece
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        if text_width(piece, font, size) <= width:
            current = piece
            continue
        for part in clusters(piece):  # a word wider than the line: cut between clusters
            if current and text_width(current + part, font, size) > width:
                lines.append(current)
                current = ""
            current += part
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


@dataclass(frozen=True)
class TextStyle:
    font: str = REGULAR
    size: float = 14
    leading: float = 18
    align: int = TA_LEFT
    color: tuple[float, float, float] = (0, 0, 0)
    space_before: float = 0
    space_after: float = 0


class ThaiText(Flowable):
    """A block of Thai (or any) text: shaped, wrapped between words, splittable by line."""

    def __init__(self, text: str, style: TextStyle, *, _lines: Sequence[str] | None = None,
                 _first: bool = True, _last: bool = True) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._fixed_lines = list(_lines) if _lines is not None else None
        self._lines: list[str] = self._fixed_lines or []
        self._first, self._last = _first, _last
        self.spaceBefore = style.space_before if _first else 0
        self.spaceAfter = style.space_after if _last else 0

    def _layout(self, width: float) -> list[str]:
        if self._fixed_lines is not None:
            return self._fixed_lines
        return wrap_lines(self.text, width, self.style.font, self.style.size)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._lines = self._layout(availWidth)
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._layout(availWidth)
        fit = int(availHeight // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return []
        head = ThaiText(self.text, self.style, _lines=lines[:fit], _first=self._first, _last=False)
        tail = ThaiText(self.text, self.style, _lines=lines[fit:], _first=False, _last=self._last)
        return [head, tail]

    def draw(self) -> None:
        canv = self.canv
        st = self.style
        canv.setFont(st.font, st.size)
        canv.setFillColorRGB(*st.color)
        # Baseline sits so that Thai marks above and below stay inside the line box.
        y = self.height - st.leading + (st.leading - st.size) / 2 + st.size * 0.25
        for line in self._lines:
            shaped = shapeStr(line, st.font, st.size) if line else line
            if st.align == TA_RIGHT:
                canv.drawString(self.width - text_width(line, st.font, st.size), y, shaped)
            elif st.align == TA_CENTER:
                canv.drawString((self.width - text_width(line, st.font, st.size)) / 2, y, shaped)
            else:
                canv.drawString(0, y, shaped)
            y -= st.leading


def draw_text(canv, x: float, y: float, text: str, *, font: str = REGULAR,  # noqa: ANN001
              size: float = 12, align: int = TA_LEFT) -> None:
    """Draw one shaped line on a canvas (headers, footers, signature lines)."""
    canv.setFont(font, size)
    w = text_width(text, font, size)
    if align == TA_RIGHT:
        x -= w
    elif align == TA_CENTER:
        x -= w / 2
    canv.drawString(x, y, shapeStr(text, font, size) if text else text)
