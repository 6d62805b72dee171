"""Preview of a PDF inside the app: pages drawn from PDFium, zoom, "หน้า 1/3", PgUp/PgDn.

Qt's own PDF module is not part of PySide6-Essentials, so pages are rasterised with
pypdfium2 (it ships PDFium: offline, Windows and Linux). PDFium is not thread-safe —
not even for two different documents — so every call into it holds `PDFIUM_LOCK`
(the ops worker counts pages, the GUI thread draws them, printing renders them).

Pages are rendered lazily, only when they scroll into view, at the current zoom and
the screen's pixel ratio, and a few are kept; a 60-page cash book does not hold 60
full-size images. The preview keeps the PDF bytes, so saving and printing reuse them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.i18n import _

#: Held around every call into PDFium, from any thread.
PDFIUM_LOCK = threading.RLock()

GAP = 16            # pixels between pages and around them
SCREEN_DPI = 96     # "100 %" is the paper's size on a 96-dpi screen
MIN_ZOOM, MAX_ZOOM, ZOOM_STEP = 0.25, 4.0, 1.25
KEEP_PAGES = 8      # rendered pages kept in memory


@dataclass(frozen=True)
class PdfPages:
    """A finished PDF: its bytes and the size of each page in points (1/72 inch)."""

    data: bytes
    sizes: tuple[tuple[float, float], ...]

    @classmethod
    def from_bytes(cls, data: bytes) -> PdfPages:
        with PDFIUM_LOCK:
            doc = pdfium.PdfDocument(data)
            try:
                sizes = tuple(doc[i].get_size() for i in range(len(doc)))
            finally:
                doc.close()
        return cls(data, sizes)


def render_page(doc: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    """One page as an opaque RGB image; `scale` is pixels per point."""
    with PDFIUM_LOCK:
        bitmap = doc[index].render(scale=scale, prefer_bgrx=True, rev_byteorder=True)
        raw = bytes(bitmap.buffer)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    return QImage(raw, width, height, stride, QImage.Format.Format_RGBX8888).copy()


class _PageStrip(QWidget):
    """The pages one under the other, painted at the current zoom."""

    def __init__(self, preview: PdfPreview) -> None:
        super().__init__()
        self._preview = preview
        self.rects: list[QRect] = []

    def layout_pages(self, sizes: tuple[tuple[float, float], ...], zoom: float) -> None:
        px = zoom * SCREEN_DPI / 72
        width = max((round(w * px) for w, _h in sizes), default=0)
        y, self.rects = GAP, []
        for w, h in sizes:
            pw, ph = round(w * px), round(h * px)
            self.rects.append(QRect(GAP + (width - pw) // 2, y, pw, ph))
            y += ph + GAP
        self.setFixedSize(QSize(width + 2 * GAP, y) if sizes else QSize(0, 0))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        for index, rect in enumerate(self.rects):
            if not rect.intersects(event.rect()):
                continue
            painter.fillRect(rect.translated(3, 3), QColor(0, 0, 0, 60))
            painter.drawImage(QRectF(rect), self._preview.page_image(index))
        painter.end()


class PdfPreview(QScrollArea):
    """Scrollable pages of one PDF. `pageChanged(current, total)` follows the scrolling."""

    pageChanged = Signal(int, int)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: PdfPages | None = None
        self._zoom = 1.0
        self._fit_width = True
        self._cache: OrderedDict[int, QImage] = OrderedDict()
        self._strip = _PageStrip(self)
        self.setWidget(self._strip)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setBackgroundRole(QPalette.ColorRole.Dark)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Preview"))
        self.verticalScrollBar().valueChanged.connect(self._emit_page)

    # ---- content

    def set_pages(self, pages: PdfPages | None) -> None:
        """Show these pages (None: nothing), scrolled to the top of the first page."""
        self.clear()
        if pages is None:
            return
        self.pages = pages
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self._emit_page()

    def clear(self) -> None:
        self.pages = None
        self._cache.clear()
        self._strip.layout_pages((), self._zoom)
        self._emit_page()

    def page_count(self) -> int:
        return len(self.pages.sizes) if self.pages else 0

    def page_image(self, index: int) -> QImage:
        """Page `index` at the current zoom (rendered now unless it was kept)."""
        image = self._cache.get(index)
        if image is None:
            if self.pages is None:
                raise IndexError("no document")
            ratio = self.devicePixelRatioF()
            with PDFIUM_LOCK:  # opened for each page: cheap, and nothing is left open
                doc = pdfium.PdfDocument(self.pages.data)
                try:
                    image = render_page(doc, index, self._scale() * ratio)
                finally:
                    doc.close()
            image.setDevicePixelRatio(ratio)
            self._cache[index] = image
            while len(self._cache) > KEEP_PAGES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(index)
        return image

    # ---- pages

    def current_page(self) -> int:
        """1-based number of the page at the top third of the view (0 when empty)."""
        if not self._strip.rects:
            return 0
        probe = self.verticalScrollBar().value() + self.viewport().height() // 3
        for number, rect in enumerate(self._strip.rects, start=1):
            if probe < rect.bottom() + GAP:
                return number
        return len(self._strip.rects)

    def go_to_page(self, number: int) -> None:
        if self._strip.rects:
            number = min(max(number, 1), len(self._strip.rects))
            self.verticalScrollBar().setValue(self._strip.rects[number - 1].top() - GAP // 2)
            self._emit_page()

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def page_text(self) -> str:
        """"หน้า 1/3" (empty when nothing is shown)."""
        if not self.page_count():
            return ""
        return _("Page {page}/{total}").format(page=self.current_page(), total=self.page_count())

    def _emit_page(self) -> None:
        self.pageChanged.emit(self.current_page(), self.page_count())

    # ---- zoom

    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        self._fit_width = False
        self._apply_zoom(zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def fit_width(self) -> None:
        self._fit_width = True
        self._relayout()

    def _scale(self) -> float:
        return self._zoom * SCREEN_DPI / 72

    def _apply_zoom(self, zoom: float) -> None:
        page = self.current_page()
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        if abs(zoom - self._zoom) > 1e-6:
            self._zoom = zoom
            self._cache.clear()
        self._strip.layout_pages(self.pages.sizes if self.pages else (), self._zoom)
        if page:
            self.go_to_page(page)

    def _relayout(self) -> None:
        if self._fit_width and self.pages:
            widest = max(w for w, _h in self.pages.sizes)
            room = self.viewport().width() - 2 * GAP
            self._apply_zoom(room / (widest * SCREEN_DPI / 72))
        else:
            self._apply_zoom(self._zoom)

    # ---- events

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._fit_width:
            self._relayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key == Qt.Key.Key_PageDown:
            self.next_page()
        elif key == Qt.Key.Key_PageUp:
            self.previous_page()
        elif key == Qt.Key.Key_Home:
            self.go_to_page(1)
        elif key == Qt.Key.Key_End:
            self.go_to_page(self.page_count())
        else:
            super().keyPressEvent(event)


class PreviewPane(QWidget):
    """The report's title, a bar (page count, zoom out / in, fit width, 100 %), the pages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = PdfPreview()
        self.page_label = QLabel()
        self.page_label.setMinimumWidth(120)
        self.title_label = QLabel()
        self.title_label.setObjectName("subheading")
        self.title_label.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, slot in (
                ("out", "\u2212", _("Zoom out (Ctrl+-)"), self.view.zoom_out),
                ("in", "+", _("Zoom in (Ctrl++)"), self.view.zoom_in),
                ("fit", _("Fit width"), _("Fit the page to the width of the window"),
                 self.view.fit_width),
                ("actual", "100%", _("Actual size"), lambda: self.view.set_zoom(1.0))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys do it: Ctrl+- Ctrl++
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.view.pageChanged.connect(self._page_changed)
        self._page_changed(0, 0)

    def _page_changed(self, _page: int, total: int) -> None:
        self.page_label.setText(self.view.page_text())
        for button in self.buttons.values():
            button.setEnabled(total > 0)
