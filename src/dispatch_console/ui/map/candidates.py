"""Who should go, as a list the dispatcher can read at a glance and act on with the keyboard:
every column is a reason (ETA, distance, load, parts in the van, knows the customer, SLA slack,
how old the position is). Enter or double-click assigns the highlighted technician.

Two ways to rank: free now and nearest, or by the earliest slot each technician can reach the
site within the ticket's window (the schedule's answer; the ETA column then reads "Earliest
14:20 (after GD-… at 13:00–14:00, 20 min travel)", and those without a slot are counted by
reason under the list)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.candidates import Candidate, Exclusion, Mode, Ranking
from ..tickets.labels import duration
from ..widgets import named
from .slot_words import miss_text, no_slot_counts, slot_text, when, window_text

LATE = QColor("#c62828")
TIGHT = QColor("#ef6c00")
STALE_FIX_MIN = 15
SPELLED_OUT = 4  # technicians without a slot named under the list; more: on hover
CHOOSE_AGAIN = -1  # the highlighted technician left the list: nobody is picked until a choice


def exclusion_label(reason: Exclusion) -> str:
    return {
        Exclusion.OTHER_DEPARTMENT: QCoreApplication.translate("dispatch", "in other departments"),
        Exclusion.OUT_OF_TERRITORY: QCoreApplication.translate(
            "dispatch", "covering other districts"
        ),
        Exclusion.OFF_DUTY: QCoreApplication.translate("dispatch", "off duty"),
        Exclusion.NO_SKILL: QCoreApplication.translate("dispatch", "without the skill"),
        Exclusion.FULL: QCoreApplication.translate("dispatch", "fully booked"),
        Exclusion.BUSY: QCoreApplication.translate("dispatch", "busy on a job"),
        Exclusion.NO_POSITION: QCoreApplication.translate("dispatch", "without a position"),
        Exclusion.NO_SLOT: QCoreApplication.translate("dispatch", "without a slot in the window"),
    }[reason]


def minutes(value: float) -> str:
    return QCoreApplication.translate("dispatch", "%1 min").replace("%1", f"{value:.0f}")


class CandidatesPanel(QWidget):
    """Signals:
    assign_requested(int): assign the ticket to this technician.
    mode_changed(object): the Mode to rank in.
    """

    assign_requested = Signal(int)
    mode_changed = Signal(object)

    COLUMNS = 9

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = named(
            QLabel(self.tr("Select a ticket to see who should go")), "dispatch_title"
        )
        self.title.setWordWrap(True)
        self.now_button = named(QPushButton(self.tr("Free now")), "mode_now")
        self.later_button = named(QPushButton(self.tr("Earliest slot")), "mode_slot")
        self.later_button.setToolTip(
            self.tr(
                "The earliest each technician can be on site within the ticket's booked "
                "window (from now when it has none): their hours, breaks, leave, planned "
                "visits and the travel between them"
            )
        )
        self.modes = QButtonGroup(self)
        for button, mode in ((self.now_button, Mode.NOW), (self.later_button, Mode.SLOT)):
            button.setCheckable(True)
            button.setProperty("mode", mode.value)
            self.modes.addButton(button)
        self.now_button.setChecked(True)
        self.table = named(QTableWidget(0, self.COLUMNS), "candidates")
        self.table.setHorizontalHeaderLabels(
            [
                "#",
                self.tr("Technician"),
                self.tr("ETA"),
                self.tr("Distance"),
                self.tr("Jobs"),
                self.tr("Parts"),
                self.tr("Knows customer"),
                self.tr("SLA slack"),
                self.tr("Position"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.excluded = named(QLabel(), "dispatch_excluded")
        self.excluded.setWordWrap(True)
        self.assign_button = named(QPushButton(self.tr("Assign")), "assign")
        self.assign_button.setEnabled(False)
        modes = QHBoxLayout()
        modes.addWidget(self.now_button)
        modes.addWidget(self.later_button)
        modes.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.excluded, 1)
        bottom.addWidget(self.assign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addLayout(modes)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._candidates: list[Candidate] = []
        self._keep: int | None = None  # the highlighted technician, kept across refreshes
        self._current: int | None = None  # who has the ticket now
        self._names: dict[int, str] = {}
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # "today" for slots
        self._now = self.clock()

        self.modes.buttonClicked.connect(lambda b: self.mode_changed.emit(Mode(b.property("mode"))))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self._assign())
        self.assign_button.clicked.connect(self._assign)
        for keys in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._assign)

    @property
    def mode(self) -> Mode:
        return Mode.SLOT if self.later_button.isChecked() else Mode.NOW

    @property
    def candidates(self) -> list[Candidate]:
        return list(self._candidates)

    def forget_choice(self) -> None:
        """Another ticket: the next list starts on its best candidate."""
        self._keep = None

    def show_ranking(
        self,
        ticket_number: str,
        ranking: Ranking,
        current: int | None = None,
        names: Mapping[int, str] | None = None,
    ) -> None:
        """Show the list. The highlighted technician stays highlighted as the order changes; if
        they drop off the list, nobody is highlighted and the panel says so, so that Enter
        never assigns someone the dispatcher did not choose."""
        keep = self._keep
        self._current = current
        self._candidates = ranking.candidates
        self._now = self.clock()
        title = self.tr("Who should go for %1").replace("%1", ticket_number)
        if ranking.window is not None:
            title = (
                self.tr("%1 · %2")
                .replace("%1", title)
                .replace("%2", window_text(ranking.window, self._now))
            )
        self.title.setText(title)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for rank, c in enumerate(ranking.candidates, start=1):
            self._add_row(rank, c)
        self.table.blockSignals(False)
        self.excluded.setText(self._not_listed(ranking))
        self._name_misses(ranking, names or {})
        if keep is not None:
            if keep == CHOOSE_AGAIN or not self.select_technician(keep, focus=False):
                self.table.clearSelection()
                self._keep = CHOOSE_AGAIN
                if keep != CHOOSE_AGAIN:
                    self.excluded.setText(
                        self.tr("%1 is no longer on the list; choose again.").replace(
                            "%1", self._names.get(keep, f"#{keep}")
                        )
                    )
        elif ranking.candidates:
            self.table.selectRow(0)
        self._selection_changed()

    def _not_listed(self, ranking: Ranking) -> str:
        parts = []
        for reason, n in sorted(ranking.excluded.items(), key=lambda kv: -kv[1]):
            if reason is Exclusion.NO_SLOT and ranking.no_slot:
                parts.extend(no_slot_counts(ranking))  # the schedule's reasons, counted
            else:
                parts.append(
                    self.tr("%1 %2").replace("%1", str(n)).replace("%2", exclusion_label(reason))
                )
        text = self.tr("Not listed: %1").replace("%1", self.tr(", ").join(parts)) if parts else ""
        if ranking.candidates:
            return text
        if ranking.mode is Mode.SLOT:
            return self.tr("Nobody can make the window. %1").replace("%1", text).strip()
        hint = self.tr("Try “Earliest slot”.")
        return self.tr("Nobody can go now. %1. %2").replace("%1", text).replace("%2", hint).strip()

    def _name_misses(self, ranking: Ranking, names: Mapping[int, str]) -> None:
        """Who has no slot and why, one line each: under the list when few, else on hover."""
        lines = [
            self.tr("%1: %2")
            .replace("%1", names.get(tid, f"#{tid}"))
            .replace("%2", miss_text(note, self._now))
            for tid, note in sorted(
                ranking.no_slot.items(), key=lambda kv: names.get(kv[0], str(kv[0]))
            )
        ]
        self.excluded.setToolTip("\n".join(lines))
        if lines and len(lines) <= SPELLED_OUT:
            self.excluded.setText(self.excluded.text() + "\n" + "\n".join(lines))

    def show_message(self, text: str) -> None:
        self._candidates = []
        self._keep = None
        self.table.setRowCount(0)
        self.title.setText(text)
        self.excluded.clear()
        self.assign_button.setEnabled(False)

    def select_technician(self, technician_id: int, *, focus: bool = True) -> bool:
        """Highlight this technician; `focus` only for the dispatcher's own act (a click on the
        map), never for a refresh: a GPS fix must not take the keyboard away."""
        for row, c in enumerate(self._candidates):
            if c.technician_id == technician_id:
                self.table.selectRow(row)
                if focus:
                    self.table.setFocus()
                return True
        return False

    def selected(self) -> Candidate | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._candidates):
            return None
        return self._candidates[rows[0].row()]

    # --- internals -----------------------------------------------------------------------------
    def _add_row(self, rank: int, c: Candidate) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._names[c.technician_id] = c.name
        slack = "—" if c.slack_minutes is None else duration(timedelta(minutes=c.slack_minutes))
        name = c.name
        if c.technician_id == self._current:
            name = self.tr("%1 (has it now)").replace("%1", c.name)
        # "≈": a straight-line estimate; without it, the route service's time by road
        eta = ("" if c.eta_by_road else "≈") + minutes(c.eta_minutes)
        if c.slot is not None:
            eta = slot_text(c.slot, self._now)
        fix = "—" if c.fix_age_minutes is None else minutes(c.fix_age_minutes)
        cells = [
            str(rank),
            name,
            eta,
            f"{c.distance_km:.1f} km",
            f"{c.open_jobs}/{c.max_open_jobs}",
            "✓" if c.parts_in_van else "",
            "✓" if c.served_before else "",
            slack,
            fix,
        ]
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if col == 7 and c.slack_minutes is not None:
                if c.slack_minutes < 0:
                    item.setForeground(LATE)
                elif c.slack_minutes < 15:
                    item.setForeground(TIGHT)
            if col == 8 and c.fix_age_minutes is not None and c.fix_age_minutes > STALE_FIX_MIN:
                item.setForeground(QColor("#757575"))
            item.setToolTip(self._why(c))
            self.table.setItem(row, col, item)

    def _why(self, c: Candidate) -> str:
        if c.slot is not None:
            away = self.tr("%1 km away now; %2").replace("%2", slot_text(c.slot, self._now))
        elif c.eta_by_road:
            away = self.tr("%1 km away, %2 by road")
        else:
            away = self.tr("%1 km away, about %2 (straight-line estimate)")
        travel = minutes(c.eta_minutes - c.starts_after_minutes)
        reasons = [
            away.replace("%1", f"{c.distance_km:.1f}").replace("%2", travel),
            self.tr("%1 of %2 jobs in hand")
            .replace("%1", str(c.open_jobs))
            .replace("%2", str(c.max_open_jobs)),
        ]
        if c.parts_in_van:
            reasons.append(self.tr("carries a part that fits"))
        if c.served_before:
            reasons.append(self.tr("has served this customer before"))
        if c.slack_minutes is not None and c.slack_minutes < 0:
            reasons.append(self.tr("would arrive after the SLA deadline"))
        return "; ".join(reasons)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._keep = chosen.technician_id
        has_it = chosen is not None and chosen.technician_id == self._current
        self.assign_button.setEnabled(chosen is not None and not has_it)
        if chosen is None:
            self.assign_button.setText(self.tr("Assign"))
        elif has_it:
            self.assign_button.setText(self.tr("Already assigned"))
        elif chosen.slot is not None and chosen.slot.at is not None:  # assigned and booked
            self.assign_button.setText(
                self.tr("Assign to %1, on site %2")
                .replace("%1", chosen.name)
                .replace("%2", when(chosen.slot.at, self._now))
            )
        else:
            self.assign_button.setText(self.tr("Assign to %1").replace("%1", chosen.name))

    def _assign(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.technician_id != self._current:
            self.assign_requested.emit(chosen.technician_id)
