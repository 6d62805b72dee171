"""A small line chart over months, drawn with QPainter (QtCharts is not in Essentials).

`MonthChart.set_series([...])` takes `Series` (a label, a colour, dashed or not, and
(YYYY-MM, satang) points); months run along the bottom (Buddhist era), baht up the side.
Used by the coordinator screen: cash and bank, and loans outstanding, per village.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.i18n import _
from app.thai import format_month

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22")


@dataclass(frozen=True)
class Series:
    label: str
    color: str
    points: tuple[tuple[str, int], ...]  # (YYYY-MM, satang)
    dashed: bool = False


def _nice_step(span: float) -> float:
    """1, 2 or 5 times a power of ten, giving about five grid lines."""
    raw = max(span / 5, 1e-9)
    power = 10 ** len(str(int(raw))) / 10
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


class MonthChart(QWidget):
    """Lines over months with a legend; empty, it says there is nothing to draw yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[Series] = []
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(600, 260)

    def set_series(self, series: list[Series], title: str = "") -> None:
        self.series, self.title = series, title
        self.update()

    def months(self) -> list[str]:
        return sorted({m for s in self.series for m, _v in s.points})

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        fm = QFontMetrics(self.font())
        months = self.months()
        if not months:
            p.setPen(QColor("#666"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       _("Import backups to see the figures over months."))
            return
        values = [v / 100 for s in self.series for _m, v in s.points] + [0.0]
        low, high = min(values), max(values)
        step = _nice_step(high - low or 1)
        low, high = step * (low // step), step * (-(-high // step))
        left = fm.horizontalAdvance(f"{high:,.0f}") + 14
        places = self._legend_places(fm)
        legend_h = (max((row for _x, row in places), default=0) + 1) * (fm.height() + 6)
        plot = QRectF(left, fm.height() + 10, self.width() - left - 14,
                      self.height() - 2 * fm.height() - legend_h - 24)
        p.setPen(QColor("#222"))
        p.drawText(QRectF(0, 2, self.width(), fm.height()), Qt.AlignmentFlag.AlignHCenter, self.title)

        def x(i: int) -> float:
            return plot.left() + plot.width() * (i / max(len(months) - 1, 1))

        def y(v: float) -> float:
            return plot.bottom() - plot.height() * (v - low) / ((high - low) or 1)

        grid = QPen(QColor("#ddd"))
        tick = low
        while tick <= high + step / 2:
            p.setPen(grid)
            p.drawLine(QPointF(plot.left(), y(tick)), QPointF(plot.right(), y(tick)))
            p.setPen(QColor("#444"))
            p.drawText(QRectF(0, y(tick) - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{tick:,.0f}")
            tick += step
        # As many month labels as fit side by side (the widest one sets the spacing), every
        # k-th month, the last one always; one that would touch the last is left out.
        labels = [format_month(int(m[:4]), int(m[5:]), "short") for m in months]
        wide = max(fm.horizontalAdvance(t) for t in labels) + 16
        fit = max(1, int(plot.width() // wide))
        every = max(1, -(-len(months) // fit))
        last = len(months) - 1

        def left_of(i: int) -> float:  # centred under its month, kept inside the widget
            return min(max(x(i) - wide / 2, 0), self.width() - wide)

        for i, label in enumerate(labels):
            if i == last or (i % every == 0 and left_of(i) + wide <= left_of(last)):
                box = QRectF(left_of(i), plot.bottom() + 4, wide, fm.height())
                p.drawText(box, Qt.AlignmentFlag.AlignHCenter, label)
        index = {m: i for i, m in enumerate(months)}
        for s in self.series:
            pen = QPen(QColor(s.color), 2)
            if s.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            path = QPainterPath()
            for n, (m, v) in enumerate(s.points):
                pt = QPointF(x(index[m]), y(v / 100))
                path.moveTo(pt) if n == 0 else path.lineTo(pt)
            p.drawPath(path)
        self._legend(p, fm, plot.bottom() + fm.height() + 10, places)

    def _legend_places(self, fm: QFontMetrics) -> list[tuple[float, int]]:
        """(x, row) of each series' legend entry: side by side, wrapped to the width."""
        places, xpos, row = [], 14.0, 0
        for series in self.series:
            width = 40 + fm.horizontalAdvance(series.label)
            if xpos > 14 and xpos + width > self.width() - 8:
                xpos, row = 14.0, row + 1
            places.append((xpos, row))
            xpos += width
        return places

    def _legend(self, p: QPainter, fm: QFontMetrics, top: float,
                places: list[tuple[float, int]]) -> None:
        for s, (xpos, row) in zip(self.series, places, strict=True):
            y = top + row * (fm.height() + 6)
            pen = QPen(QColor(s.color), 2)
            if s.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(xpos, y + fm.height() / 2), QPointF(xpos + 22, y + fm.height() / 2))
            p.setPen(QColor("#222"))
            p.drawText(QPointF(xpos + 26, y + fm.ascent()), s.label)
