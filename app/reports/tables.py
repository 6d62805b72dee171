"""A plain tabular report, and its CSV and XLSX writers (atomic, Thai-friendly).

CSV is UTF-8 with a BOM (so Excel opens Thai correctly), a header row, amounts as
plain decimals (1234.50). XLSX has the fund and the title on top, Thai headers and
amounts formatted #,##0.00. Both are written to a temporary file beside the target
and renamed, so a failed write never leaves half a file.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from app.errors import KongtunError
from app.money import from_satang


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # "text" or "money" (values in satang)


@dataclass(frozen=True)
class TableReport:
    title: str
    subtitle: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]
    totals: tuple[object, ...] | None = None
    notes: tuple[str, ...] = field(default=())


def _cell(col: Column, value: object) -> object:
    if col.kind == "money" and isinstance(value, int):
        return from_satang(value)
    return value


class OutputError(KongtunError):
    message_id = "Cannot write the file {path}."


def _atomic(path: Path, write) -> None:  # noqa: ANN001
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kongtun-", suffix=path.suffix, dir=folder)
    except OSError:
        raise OutputError(path=str(path)) from None
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(path=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(report: TableReport, path: Path | str) -> None:
    path = Path(path)

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([c.header for c in report.columns])
            for row in _all_rows(report):
                w.writerow([_csv_value(_cell(c, v)) for c, v in zip(report.columns, row, strict=True)])

    _atomic(path, write)


def _csv_value(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return "" if value is None else value


def _all_rows(report: TableReport) -> Sequence[tuple[object, ...]]:
    return list(report.rows) + ([report.totals] if report.totals is not None else [])


def write_xlsx(report: TableReport, path: Path | str, *, fund_line: str = "") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    path = Path(path)

    def write(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = report.title[:31]
        bold = Font(bold=True)
        r = 1
        for line in (fund_line, report.title, report.subtitle, *report.notes):
            if line:
                ws.cell(row=r, column=1, value=line).font = bold if r == 1 else Font()
                r += 1
        r += 1
        for j, col in enumerate(report.columns, start=1):
            c = ws.cell(row=r, column=j, value=col.header)
            c.font = bold
            c.alignment = Alignment(horizontal="center")
        for row in _all_rows(report):
            r += 1
            for j, (col, value) in enumerate(zip(report.columns, row, strict=True), start=1):
                c = ws.cell(row=r, column=j, value=_cell(col, value))
                if col.kind == "money":
                    c.number_format = "#,##0.00"
        if report.totals is not None:
            for j in range(1, len(report.columns) + 1):
                ws.cell(row=r, column=j).font = bold
        for j, col in enumerate(report.columns, start=1):
            width = 16 if col.kind == "money" else max(12, min(50, len(col.header) + 4))
            ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = width
        wb.save(tmp)

    _atomic(path, write)
