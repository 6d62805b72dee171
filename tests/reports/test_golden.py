"""Golden pages: the monthly statement and a voucher of the story fund, rendered to PNG
(pdftoppm -r 60) and compared with reference pages in tests/reports/golden/.

The references were looked at before they were accepted. After a deliberate change of
layout, look at the new pages, then regenerate with KONGTUN_REGOLDEN=1 and look again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from app.db import FundDb
from app.reports.catalog import make_report
from app.reports.pdf import PrintOptions
from tests.reports.story import PRINTED_ON

GOLDEN = Path(__file__).resolve().parent / "golden"
TOLERANCE = 0.6  # mean absolute difference of grey levels (0-255) over the page
CASES = {
    "monthly-2568-02": dict(name="monthly", month=(2025, 2)),
    "voucher-RV2568-0001": dict(name="voucher", entry="RV2568/0001"),
}


def _page(db: FundDb, folder: Path, key: str) -> Image.Image:
    case = dict(CASES[key])
    pdf = folder / f"{key}.pdf"
    with db.read() as s:
        make_report(s, case.pop("name"), fmt="pdf", out=pdf,  # type: ignore[arg-type]
                    options=PrintOptions(printed_on=PRINTED_ON), **case)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf),
                    str(folder / key)], check=True)
    return Image.open(folder / f"{key}.png").convert("L")


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two grey pages (inf when their sizes differ)."""
    if a.size != b.size:
        return float("inf")
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0]


@pytest.mark.parametrize("key", sorted(CASES))
def test_page_matches_its_golden_reference(story: FundDb, tmp_path: Path, key: str) -> None:
    page = _page(story, tmp_path, key)
    reference = GOLDEN / f"{key}.png"
    if os.environ.get("KONGTUN_REGOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        shutil.copyfile(tmp_path / f"{key}.png", reference)
        pytest.skip(f"regenerated {reference.name}: look at it before committing")
    assert reference.exists(), "no reference page; render with KONGTUN_REGOLDEN=1 and look"
    diff = difference(page, Image.open(reference).convert("L"))
    assert diff <= TOLERANCE, f"{key}: mean difference {diff:.2f} > {TOLERANCE}"


def test_the_comparison_sees_a_changed_page(story: FundDb, tmp_path: Path) -> None:
    """The tolerance is tight enough to catch a changed amount line."""
    page = _page(story, tmp_path, "monthly-2568-02")
    changed = page.copy()
    changed.paste(255, (60, 200, 440, 230))  # blank a band of the receipts table
    assert difference(page, page) == 0
    assert difference(page, changed) > TOLERANCE
