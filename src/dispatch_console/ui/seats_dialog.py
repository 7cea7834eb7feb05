"""File ▸ Seats and sign-ins (administrators of a hosted company, docs/saas.md): how many of the
company's seats are taken and by whom, signing someone out to free a seat, and a month's
sign-ins exported as CSV for checking the bill. Every call runs off the GUI thread."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .errors import error_text
from .tasks import TaskRunner
from .widgets import named


class SeatsSource(Protocol):
    """What the dialog asks of the server (rest/client.py RestBackend)."""

    def seats(self) -> dict[str, Any]: ...
    def end_session(self, token_id: int) -> None: ...
    def seat_usage(self, month: str) -> dict[str, Any]: ...


class SeatsDialog(QDialog):
    """Signals:
    signed_out(str): an administrator ended this user's sessions (their seat is free).
    """

    signed_out = Signal(str)

    def __init__(
        self, server: SeatsSource, runner: TaskRunner, me: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Seats and sign-ins"))
        self._server = server
        self._runner = runner
        self._me = me
        self.holders: list[dict[str, Any]] = []
        self.summary = named(QLabel(self.tr("Reading…")), "seats_summary")
        self.summary.setWordWrap(True)
        self.table = named(QTableWidget(0, 3), "seats_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("User"), self.tr("Signed in since"), self.tr("Sessions")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.sign_out = named(QPushButton(self.tr("Sign out")), "seats_sign_out")
        self.sign_out.setToolTip(self.tr("Ends the chosen user's sessions: their seat frees at "
                                         "once, and they are asked to sign in again"))  # fmt: skip
        self.sign_out.setEnabled(False)
        self.sign_out.clicked.connect(self.sign_out_selected)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.month = named(QDateEdit(QDate.currentDate()), "seats_month")
        self.month.setDisplayFormat("yyyy-MM")
        self.export_button = named(QPushButton(self.tr("Export the month's sign-ins…")),
                                   "seats_export")  # fmt: skip
        self.export_button.clicked.connect(self._export_clicked)
        self.status = named(QLabel(), "seats_status")
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        actions = QHBoxLayout()
        actions.addWidget(self.sign_out)
        actions.addStretch(1)
        actions.addWidget(self.refresh_button)
        usage = QHBoxLayout()
        usage.addWidget(QLabel(self.tr("Month")))
        usage.addWidget(self.month)
        usage.addWidget(self.export_button)
        usage.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addSpacing(8)
        layout.addWidget(QLabel(self.tr("For the bill: who signed in how often in a month")))
        layout.addLayout(usage)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(560, 440)

    # --- seats ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.summary.setText(self.tr("Reading…"))
        self._runner.run(self._server.seats, self._show, self._failed, receiver=self)

    def _show(self, seats: dict[str, Any]) -> None:
        self.holders = list(seats.get("signed_in") or [])
        limit, in_use = seats.get("limit"), seats.get("in_use") or len(self.holders)
        if limit is None:
            self.summary.setText(self.tr("This server counts no seats (it is your company's "
                                         "own): %1 people are signed in.")
                                 .replace("%1", str(in_use)))  # fmt: skip
        else:
            text = self.tr("%1 of %2 seats in use.")
            if in_use >= limit:
                text = self.tr(
                    "%1 of %2 seats in use. All seats are taken: nobody else can sign in until "
                    "someone signs out or you sign someone out here."
                )
            text = text.replace("%1", str(in_use)).replace("%2", str(limit))
            self.summary.setText(text)
        self.table.setRowCount(len(self.holders))
        for row, holder in enumerate(self.holders):
            name = str(holder.get("username", ""))
            if name == self._me:
                name = self.tr("%1 (you)").replace("%1", name)
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(_local_time(holder.get("since"))))
            count = QTableWidgetItem(str(len(holder.get("sessions") or [])))
            count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 2, count)
        self._selection_changed()

    def _selection_changed(self) -> None:
        holder = self._selected()
        self.sign_out.setEnabled(holder is not None and holder.get("username") != self._me)

    def _selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.holders[rows[0].row()] if rows else None

    def sign_out_selected(self) -> None:
        holder = self._selected()
        if holder is None or holder.get("username") == self._me:
            return
        username = str(holder.get("username", ""))
        sessions = [int(s) for s in holder.get("sessions") or []]
        self.sign_out.setEnabled(False)
        self.status.setText(self.tr("Signing %1 out…").replace("%1", username))

        def end_all() -> str:
            for token_id in sessions:
                self._server.end_session(token_id)
            return username

        self._runner.run(end_all, self._signed_out, self._failed, receiver=self)

    def _signed_out(self, username: str) -> None:
        done = self.tr("%1 is signed out: their seat is free.")
        self.status.setText(done.replace("%1", username))
        self.signed_out.emit(username)
        self.refresh()

    # --- the month's use ---------------------------------------------------------------------
    def _export_clicked(self) -> None:  # clicked(bool) would arrive as the path
        self.export()

    def export(self, path: Path | None = None) -> None:
        month = self.month.date().toString("yyyy-MM")
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export the month's sign-ins"), f"sign-ins-{month}.csv", "CSV (*.csv)"
            )
            if not name:
                return
            path = Path(name)
        self.status.setText(self.tr("Reading %1…").replace("%1", month))
        chosen = path
        self._runner.run(
            lambda: self._server.seat_usage(month),
            lambda use: self._save(use, chosen),
            self._failed,
            receiver=self,
        )

    def _save(self, use: dict[str, Any], path: Path) -> None:
        try:
            write_usage_csv(use, path)
        except OSError as exc:
            self.status.setText(self.tr("Could not save %1: %2").replace("%1", str(path))
                                .replace("%2", exc.strerror or str(exc)))  # fmt: skip
            return
        self.status.setText(
            self.tr("Saved %1: %2 people signed in %3 times.")
            .replace("%1", str(path))
            .replace("%2", str(use.get("people_signed_in", 0)))
            .replace("%3", str(use.get("sign_ins", 0)))
        )

    def _failed(self, exc: Exception) -> None:
        self.status.setText(error_text(exc))
        self._selection_changed()
        if self.summary.text() == self.tr("Reading…"):
            self.summary.setText(self.tr("The seats could not be read."))


def write_usage_csv(use: dict[str, Any], path: Path) -> None:
    """One row per person (the month, the user, how many sign-ins), UTF-8 with a BOM so that
    Excel opens Chinese names as they are."""
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(["month", "username", "sign_ins", "seat_limit"])
        for person in use.get("people") or []:
            writer.writerow([use.get("month", ""), person.get("username", ""),
                             person.get("sign_ins", 0), use.get("seat_limit", "")])  # fmt: skip


def _local_time(value: Any) -> str:
    try:
        at = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone().strftime("%Y-%m-%d %H:%M")
