"""The main window: a sidebar of screens, the current screen, and the status bar.

Sidebar order is the order of the bookkeeper's work; Ctrl+1 … Ctrl+9 jump to a
screen by its place in the list, and the arrow keys move through the list. The
status bar always says which fund is open, the working date in the Buddhist era,
whether that date's month is open, and who is working. When the fund changes
(`FundContext.changed`), the visible screen reloads at once and the others when
they are next shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.i18n import _
from app.services import fund as fund_service
from app.services.periods import period_state
from app.thai import format_date
from app.ui import labels
from app.ui.context import FundContext
from app.ui.dashboard import DashboardView
from app.ui.placeholder import PlaceholderView


class Sidebar(QListWidget):
    """The list of screens; as wide as its longest name at the current text size."""

    def fit_width(self) -> None:
        self.setFixedWidth(self.sizeHintForColumn(0) + 2 * self.frameWidth() + 24)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_width()


@dataclass(frozen=True)
class Screen:
    key: str
    title: str
    make: Callable[[FundContext], QWidget]
    number: int | None = None  # Ctrl+number; None: the next in sidebar order
    shortcut: bool = True      # False: reached from the sidebar (F6, arrows) only


def _coming(title: str, text: str) -> Callable[[FundContext], QWidget]:
    return lambda _ctx: PlaceholderView(title, text)


# Screens other than the dashboard are imported when first shown: the reports screen
# alone pulls in ReportLab and PDFium, which would slow the program's start.
def _accounts(ctx: FundContext) -> QWidget:
    from app.ui.accounts_view import AccountsView

    return AccountsView(ctx)


def _loans(ctx: FundContext) -> QWidget:
    from app.ui.loans_view import LoansView

    return LoansView(ctx)


def _arrears(ctx: FundContext) -> QWidget:
    from app.ui.arrears_view import ArrearsView

    return ArrearsView(ctx)


def _followup(ctx: FundContext) -> QWidget:
    from app.ui.followup_view import FollowUpView

    return FollowUpView(ctx)


def _cashbook(ctx: FundContext) -> QWidget:
    from app.ui.cashbook_view import CashbookView

    return CashbookView(ctx)


def _members(ctx: FundContext) -> QWidget:
    from app.ui.members_view import MembersView

    return MembersView(ctx)


def _reports(ctx: FundContext) -> QWidget:
    from app.ui.reports_view import ReportsView

    return ReportsView(ctx)


def _backup(ctx: FundContext) -> QWidget:
    from app.ui.backup_view import BackupView

    return BackupView(ctx)


def _coordinator(ctx: FundContext) -> QWidget:
    from app.ui.coordinator_view import CoordinatorView

    return CoordinatorView(ctx)


def _settings(ctx: FundContext) -> QWidget:
    from app.ui.settings_view import SettingsView

    return SettingsView(ctx)


class _Screens(dict):
    """The screens made so far; asking for one not yet made makes it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window

    def __missing__(self, key: str) -> QWidget:
        return self._window._make_screen(key)


def screens() -> list[Screen]:
    """Every screen of the sidebar, in order (Ctrl+1 is the first; arrears is Ctrl+0)."""
    return [
        Screen("dashboard", _("Home"), DashboardView),
        Screen("members", _("Members"), _members),
        Screen("loans", _("Loans"), _loans),
        # Beside the loans, on Ctrl+0 so that the screens after it keep their keys.
        Screen("arrears", _("Arrears"), _arrears, number=0),
        # Ctrl+0…9 are all taken: the follow-up is reached from the sidebar (F6) or
        # from the arrears screen.
        Screen("followup", _("Debt follow-up"), _followup, shortcut=False),
        Screen("cashbook", _("Cash book"), _cashbook),
        Screen("accounts", _("Accounts"), _accounts),
        Screen("reports", _("Reports"), _reports),
        Screen("backup", _("Backup"), _backup),
        Screen("settings", _("Settings"), _settings),
        Screen("coordinator", _("Coordinator"), _coordinator),
    ]


class MainWindow(QMainWindow):
    """กองทุน – <fund name>: sidebar, screens, status bar."""

    def __init__(self, ctx: FundContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sidebar = Sidebar()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self.screens: dict[str, QWidget] = _Screens(self)
        self._makers: dict[str, Callable[[FundContext], QWidget]] = {}
        self._keys: list[str] = []
        self._stale: set[str] = set()
        numbers = iter(range(1, 10))
        for screen in screens():
            self._makers[screen.key] = screen.make
            self._keys.append(screen.key)
            self._stale.add(screen.key)
            self.stack.addWidget(QWidget())  # stands in until the screen is first shown
            item = QListWidgetItem(screen.title)
            self.sidebar.addItem(item)
            if not screen.shortcut:
                continue
            number = next(numbers) if screen.number is None else screen.number
            item.setToolTip(f"Ctrl+{number}")
            QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                      lambda key=screen.key: self.show_screen(key, focus=True))
        self.sidebar.fit_width()
        self.sidebar.currentRowChanged.connect(self._row_changed)
        QShortcut(QKeySequence("F6"), self, self.sidebar.setFocus)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status_fund = QLabel()
        self.status_date = QLabel()
        self.status_period = QLabel()
        self.status_user = QLabel()
        for label in (self.status_fund, self.status_date, self.status_period, self.status_user):
            label.setContentsMargins(8, 2, 8, 2)
            self.statusBar().addPermanentWidget(label)
        self.statusBar().setSizeGripEnabled(False)

        ctx.changed.connect(self._fund_changed)
        self._fit_to_screen()
        self.refresh_status()
        self.sidebar.setCurrentRow(0)
        self.sidebar.setFocus()

    def _fit_to_screen(self) -> None:
        """Large but never larger than the screen (a laptop's 1366×768 included)."""
        screen = self.screen().availableGeometry()
        self.resize(min(1280, screen.width()), min(800, screen.height() - 40))

    # ---- screens

    def current_key(self) -> str:
        return self._keys[self.stack.currentIndex()]

    def show_screen(self, key: str, *, focus: bool = False) -> QWidget:
        """Switch to a screen (reloading it if the fund changed since it was last shown)."""
        row = self._keys.index(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)  # -> _row_changed
        else:
            self._row_changed(row)
        widget = self.screens[key]
        if focus:
            widget.setFocus()
        return widget

    def _make_screen(self, key: str) -> QWidget:
        row = self._keys.index(key)
        widget = self._makers[key](self.ctx)
        stand_in = self.stack.widget(row)
        current = self.stack.currentIndex()
        self.stack.insertWidget(row, widget)
        self.stack.removeWidget(stand_in)
        stand_in.deleteLater()
        self.stack.setCurrentIndex(current)
        dict.__setitem__(self.screens, key, widget)
        return widget

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self._keys[row]
        widget = self.screens[key]  # made now if it is shown for the first time
        self.stack.setCurrentWidget(widget)
        if key in self._stale:
            self._stale.discard(key)
            self.screens[key].refresh()  # type: ignore[attr-defined]

    def _fund_changed(self, _what: str) -> None:
        self.refresh_status()
        self._stale = set(self._keys)
        self._row_changed(self.stack.currentIndex())

    # ---- status bar

    def refresh_status(self) -> None:
        with self.ctx.db.read() as s:
            info = fund_service.fund_info(s)
            day = fund_service.working_date(s)
            state = period_state(s, day)
            user = fund_service.get_user(s, self.ctx.username)
        self.setWindowTitle(f"{_('Kongtun')} – {info.name}")
        self.status_fund.setText(info.name)
        self.status_date.setText(_("Working date: {date}").format(date=format_date(day)))
        self.status_period.setText(labels.period_state(state))
        self.status_user.setText(_("User: {name}").format(name=user.display_name))

    def status_text(self) -> str:
        """Everything the status bar says, in order (for tests and a quick look)."""
        return "  |  ".join(label.text() for label in (
            self.status_fund, self.status_date, self.status_period, self.status_user))
