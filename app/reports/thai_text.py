"""The one Thai text layer of every PDF: bundled font, HarfBuzz shaping, word-break wrapping.

Three ReportLab traps are avoided here (see ARCHITECTURE.md, "Reports"):
- Thai marks are placed correctly only when HarfBuzz shapes the text. We shape every
  string with marks ourselves (as ReportLab's `shapeStr` would) and draw its glyphs;
  `drawString(shaping=True)` silently does nothing without the bidi package, and plain
  strings in table cells are never shaped.
- ReportLab breaks lines only at spaces, and Thai has none between words. We segment
  with PyThaiNLP's dictionary engine (`newmm`, offline) plus a word list of fund
  vocabulary, and fill lines ourselves; a word wider than the line is cut between
  Thai character clusters, never between a letter and its marks.
- Long shaped paragraphs may fail to split across pages. `ThaiText` is our own
  flowable: it knows its lines, so it splits between any two of them, inside table
  cells as well as in the page body.

Text that copies out right: a shaped line draws glyphs, and some Thai glyphs (marks
moved down or left, ligatures of ำ with a tone mark) have no Unicode character, so
ReportLab gives them private-use codes and copy/paste or pdftotext show garbage.
Every shaped line is therefore wrapped in a marked content span with /ActualText (PDF 1.5, honoured by poppler/pdftotext and Acrobat);
pdf.py also names those private codes after their glyph in the ToUnicode map
("uni0E48.small" is U+0E48) for readers that ignore ActualText.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
ยกมา ยกไป รับโอน โอนออก
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
    # Shaped glyphs hold codes private to the font objects they were made with.
    for cache in (shape, _advance, text_width, _hb_font, _glyph_chars):
        cache.cache_clear()
    return REGULAR, BOLD


# ---------------------------------------------------------------- shaping and drawing

_FEATURES = {"kern": True, "liga": True, "dlig": True}
Glyph = tuple[float, float, float, int]  # x_advance, x_offset, y_offset, width (1/1000 em)


@functools.cache
def _hb_font(font: str) -> uharfbuzz.Font:
    return pdfmetrics.getFont(font).hbFont(12)  # positions in font units; size plays no part


@functools.cache
def _glyph_chars(font: str) -> dict[int, tuple[str, int]]:
    """glyph id -> (the character code ReportLab draws it with, its width), filled as met."""
    face = pdfmetrics.getFont(font).face
    return {gid: (chr(chars[0]), face.charWidths[chars[0]])
            for gid, chars in face.glyphToChar.items() if chars}


def _hb_shape(text: str, font: str) -> uharfbuzz.Buffer:
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(_hb_font(font), buf, _FEATURES)
    return buf


@functools.lru_cache(maxsize=65536)
def shape(text: str, font: str) -> tuple[str, tuple[Glyph, ...]]:
    """HarfBuzz's glyphs for the text, as ReportLab's `shapeStr` makes them: the character
    code of each glyph (a private-use code for glyphs without a character, shared with
    ReportLab) and its placement. A test checks both draw the same pixels."""
    ttf = pdfmetrics.getFont(font)
    buf = _hb_shape(text, font)
    scale, per_mille = ttf.face._pdfScale, ttf.face.unitsPerEm == 1000
    known_glyphs = _glyph_chars(font)
    chars, glyphs = [], []
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        known = known_glyphs.get(gid)
        if known is None:
            code = ttf.hbAddPrivate(_hb_font(font).glyph_to_string(gid), gid, pos.x_advance)
            known = known_glyphs[gid] = (chr(code), ttf.face.charWidths[code])
        x_advance, x_offset, y_offset = pos.x_advance, pos.x_offset, pos.y_offset
        if not per_mille:
            x_advance, x_offset, y_offset = scale(x_advance), scale(x_offset), scale(y_offset)
        chars.append(known[0])
        glyphs.append((x_advance, x_offset, y_offset, known[1]))
    return "".join(chars), tuple(glyphs)


@functools.lru_cache(maxsize=131072)
def _advance(text: str, font: str) -> float:
    """Σ advance of the shaped text, in 1/1000 em."""
    total = sum(p.x_advance for p in _hb_shape(text, font).glyph_positions)
    return pdfmetrics.getFont(font).face._pdfScale(total)


def _n(v: float) -> str:
    return str(v) if isinstance(v, int) else f"{v:.3f}".rstrip("0").rstrip(".")


def draw_shaped(canv, x: float, y: float, text: str, font: str, size: float) -> None:  # noqa: ANN001
    """Draw one line, shaped when it has marks, as PDF text operators of its own.

    Each glyph is placed as HarfBuzz says (offsets, rise for marks moved down), through
    ReportLab's documented API for dynamic fonts (splitString, getSubsetInternalName).
    Drawing it ourselves is four times faster than ReportLab's drawString of a shaped
    string, which matters for a year's cash book. A shaped line is marked with
    /ActualText so that copy/paste and pdftotext give the words as typed, even where
    glyphs have no character of their own, ำ is split in two, or marks are moved.
    """
    code, doc = getattr(canv, "_code", None), getattr(canv, "_doc", None)
    if not text:
        return
    if code is None or doc is None:  # not a ReportLab PDF canvas
        from reportlab.pdfbase.ttfonts import shapeStr

        canv.setFont(font, size)
        canv.drawString(x, y, shapeStr(text, font, size) if needs_shaping(text) else text)
        return
    ttf = pdfmetrics.getFont(font)
    chars, glyphs = shape(text, font) if needs_shaping(text) else (text, ())
    escape = canv._escape
    ops = ["BT", f"1 0 0 1 {x:.3f} {y:.3f} Tm"]
    i, rise = 0, 0.0
    for subset, chunk in ttf.splitString(chars, doc):
        ops.append(f"{ttf.getSubsetInternalName(subset, doc)} {_n(size)} Tf")
        if not glyphs:
            ops.append(f"({escape(chunk)}) Tj")
            continue
        items: list[str] = []
        run = bytearray()
        for byte in chunk:
            x_advance, x_offset, y_offset, width = glyphs[i]
            i += 1
            r = size * y_offset / 1000
            if r != rise:
                if run:
                    items.append(f"({escape(bytes(run))})")
                    run.clear()
                if items:
                    ops.append(f"[{' '.join(items)}] TJ")
                    items = []
                ops.append(f"{_n(r)} Ts")
                rise = r
            if x_offset:
                if run:
                    items.append(f"({escape(bytes(run))})")
                    run.clear()
                items.append(_n(-x_offset))
            run.append(byte)
            after = width - x_advance + x_offset
            if after:
                items.append(f"({escape(bytes(run))})")
                run.clear()
                items.append(_n(after))
        if run:
            items.append(f"({escape(bytes(run))})")
        if items:
            ops.append(f"[{' '.join(items)}] TJ")
    if rise:
        ops.append("0 Ts")
    ops.append("ET")
    if glyphs:  # marks moved by offsets confuse text extraction even when chars == text
        code.append(f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC")
        code.append(" ".join(ops))
        code.append("EMC")
    else:
        code.append(" ".join(ops))


class WordSet:
    """The word dictionary in the shape PyThaiNLP's `newmm` asks of a trie (`prefixes`).

    Built from two sets (the words, and every proper prefix of a word) it is ready in a
    quarter of the time PyThaiNLP's own Trie takes to build (0.2 s against 0.7 s): that
    second is felt by whoever prints the first report after starting the program. The
    words found are the same (a test compares them).
    """

    __slots__ = ("stems", "words")

    def __init__(self, words: set[str]) -> None:
        self.words = frozenset(words)
        self.stems = {w[:i] for w in self.words for i in range(1, len(w))}

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Every dictionary word that begins at `start` in `text`, shortest first."""
        found = []
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            if piece in self.words:
                found.append(piece)
            if piece not in self.stems:
                break
        return found

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __iter__(self):  # noqa: ANN204 - an iterator of str
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)


@functools.cache
def _dictionary() -> WordSet:
    from pythainlp.corpus import thai_words

    return WordSet(set(thai_words()) | FUND_WORDS)


def warm_up() -> None:
    """Load the word dictionary ahead of the first report (it takes a fraction of a second)."""
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


# Marks that HarfBuzz must place (above/below vowels, tone marks, ำ, ๅ, Latin accents).
# Text without any is drawn glyph for glyph as it is: digits, amounts, voucher numbers
# and Thai words without marks need no shaping, which is most of a long table.
_NEEDS_SHAPING = re.compile("[\u0e31\u0e33-\u0e3a\u0e45\u0e47-\u0e4e\u0300-\u036f]")


def needs_shaping(text: str) -> bool:
    return _NEEDS_SHAPING.search(text) is not None


@functools.lru_cache(maxsize=131072)
def text_width(text: str, font: str, size: float) -> float:
    """Width of the shaped text in points."""
    if not text:
        return 0.0
    if not needs_shaping(text):
        return pdfmetrics.stringWidth(text, font, size)
    return _advance(text, font) * size / 1000


def wrap_lines(text: str, width: float, font: str, size: float) -> list[str]:
    """Break text into lines no wider than `width`, between words (explicit \\n kept)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, font, size))
    return lines


def _wrap_paragraph(text: str, width: float, font: str, size: float) -> list[str]:
    whole = text.strip()
    if text_width(whole, font, size) <= width:
        return [whole]
    # Fast: add up the widths of the pieces (each shaped once, cached). Shaping never
    # joins two words, but kerning might, so each line is measured whole once more and
    # the slow way (measuring every candidate line) is kept for when that fails.
    lines = _fill(whole, width, lambda line, piece, w: w + text_width(piece, font, size),
                  font, size)
    if all(text_width(line, font, size) <= width for line in lines):
        return lines
    return _fill(whole, width, lambda line, piece, w: text_width(line + piece, font, size),
                 font, size)


_SPACES = re.compile(r"(\s+)")
KEEP_TOGETHER = 0.3  # phrases up to this share of the line are not broken into words


def _pieces(text: str, fits, short) -> Iterator[str]:  # noqa: ANN001
    """The text's phrases between spaces, and the spaces. A phrase that does not fit on
    the current line comes as its words instead, unless it is short (a name, a date):
    then it moves whole to the next line, as a typist would keep a surname together.
    Word segmentation never crosses a space, so only the phrases at line ends pay
    for it."""
    for chunk in _SPACES.split(text):
        if not chunk:
            continue
        if chunk.isspace() or fits(chunk) or short(chunk):
            yield chunk
        else:
            yield from segment(chunk)


def _fill(text: str, width: float, grow, font: str, size: float) -> list[str]:  # noqa: ANN001
    """Fill lines word by word; grow(line, piece, width of line) -> width with the piece."""
    lines: list[str] = []
    state = {"line": "", "w": 0.0}

    def fits(piece: str) -> bool:
        return grow(state["line"], piece, state["w"]) <= width

    def short(piece: str) -> bool:
        return text_width(piece, font, size) <= width * KEEP_TOGETHER

    for piece in _pieces(text, fits, short):
        current, current_w = state["line"], state["w"]
        if piece.isspace():
            if current:  # kept only if another word follows on this line
                current, current_w = current + piece, grow(current, piece, current_w)
        elif (grown := grow(current, piece, current_w)) <= width:
            current, current_w = current + piece, grown
        else:
            if current.strip():
                lines.append(current.rstrip())
            current = ""
            if text_width(piece, font, size) <= width:
                current = piece
            else:
                for part in clusters(piece):  # wider than a line: cut between clusters
                    if current and text_width(current + part, font, size) > width:
                        lines.append(current)
                        current = ""
                    current += part
            current_w = text_width(current, font, size)
        state["line"], state["w"] = current, current_w
    current = state["line"]
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
        canv.setFillColorRGB(*st.color)
        # Baseline sits so that Thai marks above and below stay inside the line box.
        y = self.height - st.leading + (st.leading - st.size) / 2 + st.size * 0.25
        for line in self._lines:
            if st.align == TA_RIGHT:
                x = self.width - text_width(line, st.font, st.size)
            elif st.align == TA_CENTER:
                x = (self.width - text_width(line, st.font, st.size)) / 2
            else:
                x = 0
            if line:
                draw_shaped(canv, x, y, line, st.font, st.size)
            y -= st.leading


def draw_text(canv, x: float, y: float, text: str, *, font: str = REGULAR,  # noqa: ANN001
              size: float = 12, align: int = TA_LEFT) -> None:
    """Draw one shaped line on a canvas (headers, footers, signature lines)."""
    w = text_width(text, font, size)
    if align == TA_RIGHT:
        x -= w
    elif align == TA_CENTER:
        x -= w / 2
    if text:
        draw_shaped(canv, x, y, text, font, size)
