"""The Thai text layer: our glyph drawing equals ReportLab's shaping to the pixel, shaped
Thai copies out of the PDF as typed, and lines break between words (names kept whole)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from app.reports import thai_text as tt
from app.reports.pdf import PageFrame, PrintOptions, render_pdf
from app.reports.thai_text import BOLD, REGULAR, TextStyle, ThaiText

TRICKY = [
    "ผู้ใหญ่บ้าน ค้ำประกัน น้ำ กำ ญาติ ฐานะ ปู่ ตั้ง ที่ ป่า ฟ้า ฝั่ง",
    "ดอกเบี้ย ยกเลิก สัจจะ ฤๅษี ฎีกา ปฏิบัติ ปั้น ปิ่น ป๊อก ฝ้าย",
    "กองทุนหมู่บ้านหนองฮะ 1,234.50 บาท RV2568/0001 ก.ค. 2568",
]


def _page_png(path: Path, folder: Path, name: str) -> Image.Image:
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(path),
                    str(folder / name)], check=True)
    return Image.open(folder / f"{name}.png").convert("L")


def test_our_glyphs_are_reportlabs_to_the_pixel(tmp_path: Path) -> None:
    tt.register_fonts()
    for mode in ("reportlab", "ours"):
        c = Canvas(str(tmp_path / f"{mode}.pdf"), invariant=1)
        for k, (font, text) in enumerate((f, t) for f in (REGULAR, BOLD) for t in TRICKY):
            c.setFont(font, 15)
            if mode == "reportlab":
                c.drawString(30, 790 - 28 * k, shapeStr(text, font, 15))
            else:
                tt.draw_shaped(c, 30, 790 - 28 * k, text, font, 15)
        c.save()
    ours = _page_png(tmp_path / "ours.pdf", tmp_path, "ours")
    theirs = _page_png(tmp_path / "reportlab.pdf", tmp_path, "reportlab")
    assert ImageChops.difference(ours, theirs).getbbox() is None
    assert ImageChops.difference(ours, Image.new("L", ours.size, 255)).getbbox() is not None


def _document(tmp_path: Path, texts: list[str]) -> Path:
    frame = PageFrame(fund_line="กองทุน", title="ทดสอบ", options=PrintOptions(page_numbers=False))
    flowables = [ThaiText(t, TextStyle(font=f, size=14, leading=20))
                 for t in texts for f in (REGULAR, BOLD)]
    path = tmp_path / "thai.pdf"
    path.write_bytes(render_pdf(flowables, frame))
    return path


def test_shaped_thai_copies_out_as_typed(tmp_path: Path) -> None:
    path = _document(tmp_path, TRICKY)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines == [t for t in TRICKY for _ in (REGULAR, BOLD)]


def test_tounicode_names_glyphs_without_a_character(tmp_path: Path) -> None:
    """Readers that ignore /ActualText still get Thai marks, not private-use codes."""
    raw = _document(tmp_path, TRICKY).read_bytes()
    cmaps = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", raw, flags=re.S):
        try:
            data = zlib.decompressobj().decompress(stream)
        except zlib.error:
            data = stream
        if b"beginbfchar" in data:
            cmaps.append(data.decode("latin-1"))
    targets = [int(t[i:i + 4], 16) for cmap in cmaps
               for t in re.findall(r"<[0-9A-F]{2}> <([0-9A-F]+)>", cmap)
               for i in range(0, len(t), 4)]
    assert cmaps and targets
    assert not [hex(t) for t in targets if 0xE000 <= t <= 0xF8FF]
    assert 0x0E48 in targets and 0x0E49 in targets  # tone marks, small or narrow forms too


def test_lines_break_between_words_and_fit(tmp_path: Path) -> None:
    tt.register_fonts()
    text = ("กองทุนหมู่บ้านรับชำระเงินกู้พร้อมดอกเบี้ยจากสมาชิกผู้กู้ และบันทึกในสมุดเงินสด"
            "ทุกวันที่มีรายการ โดยเหรัญญิกเป็นผู้จัดทำ")
    for width in (90, 140, 230):
        lines = tt.wrap_lines(text, width, REGULAR, 14)
        assert len(lines) > 1
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for line in lines:
            assert tt.text_width(line, REGULAR, 14) <= width
        words = set()
        position = 0
        for piece in tt.segment(text):
            position += len(piece)
            words.add(position)
        joined = 0
        for line in lines[:-1]:  # every break falls where a word ends (spaces dropped)
            joined = text.index(line, joined) + len(line)
            assert joined in words, (width, line)


def test_a_short_phrase_moves_whole_to_the_next_line() -> None:
    tt.register_fonts()
    text = "จ่ายเงินสวัสดิการค่ารักษาพยาบาล นางบัวผัน จันทร์ดี"
    lines = tt.wrap_lines(text, tt.text_width(text, REGULAR, 12) - 10, REGULAR, 12)
    assert lines == ["จ่ายเงินสวัสดิการค่ารักษาพยาบาล นางบัวผัน", "จันทร์ดี"]


def test_a_word_wider_than_the_line_is_cut_between_clusters() -> None:
    tt.register_fonts()
    lines = tt.wrap_lines("ผู้ใหญ่บ้านน้ำท่วม", 30, REGULAR, 14)
    assert "".join(lines) == "ผู้ใหญ่บ้านน้ำท่วม" and len(lines) > 1
    for line in lines:  # no line starts with a mark torn from its letter
        assert unicodedata.category(line[0]) != "Mn" and line[0] != "\u0e33", lines


@pytest.mark.parametrize("text, shaped", [("1,234.50", False), ("RV2568/0001", False),
                                          ("ยอดยกมา", False), ("ค่าปรับ", True), ("กำ", True)])
def test_only_text_with_marks_is_shaped(text: str, shaped: bool) -> None:
    assert tt.needs_shaping(text) is shaped


def test_a_long_paragraph_splits_across_pages(tmp_path: Path) -> None:
    frame = PageFrame(fund_line="กองทุน", title="ทดสอบ", options=PrintOptions())
    long_text = "สมาชิกกองทุนหมู่บ้านฝากเงินสัจจะทุกเดือน " * 400
    pdf = render_pdf([ThaiText(long_text, TextStyle())], frame)
    pages = int(re.search(rb"/Count (\d+)", pdf).group(1))  # type: ignore[union-attr]
    assert pages >= 3


def test_the_word_set_finds_the_words_pythainlps_trie_finds() -> None:
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import dict_trie

    from app.reports.thai_text import FUND_WORDS, WordSet

    words = set(thai_words()) | FUND_WORDS
    ours, theirs = WordSet(words), dict_trie(words)
    for text in ("กองทุนหมู่บ้านบ้านหนองฮะ หมู่ที่ 3 ตำบลปราสาท อำเภอห้วยทับทัน",
                 "รับชำระเงินกู้สัญญาเลขที่ 2568/0001 ค่าปรับชำระล่าช้า",
                 "เงินฝากธนาคาร บัญชีที่ 1 เงินจัดสรรจากรัฐบาล", "ประนอมหนี้ ๑ ครัวเรือน ๑ สัญญา"):
        for start in range(len(text)):
            assert ours.prefixes(text, start) == theirs.prefixes(text, start)
        assert word_tokenize(text, custom_dict=ours, engine="newmm") == word_tokenize(
            text, custom_dict=theirs, engine="newmm")
    assert "กองทุน" in ours and len(ours) == len(words)
