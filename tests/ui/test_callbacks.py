"""The callbacks dock: take the next callback (claimed in the database), call, record the answer;
an unhappy answer reopens the ticket; a colleague's callback cannot be taken; a refused save
keeps what the agent typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import CallbackOutcome, TicketStatus
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.ui.callbacks.panel import CallbacksPanel
from dispatch_console.ui.callbacks.review import ReviewDialog
from dispatch_console.ui.callbacks.rules import RulesEditor
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.tasks import TaskRunner


def call_back_at_once(backend: Services) -> None:
    """The desk's rule: call back as soon as the ticket is resolved (tests run in real time)."""
    sue = backend.as_actor(Actor("sue", "supervisor"))
    (rule,) = sue.callback_rules()
    rule.delay_kind, rule.delay_hours = "hours", 0
    sue.save_callback_rule(rule)


def resolved_ticket(backend: Services, name: str = "华东电梯") -> int:
    customer = backend.create_customer(name, ["13812345678"])
    dept = backend.create_department("维修一部", f"D{customer.id}")
    tech = backend.create_technician("王伟", "13900001111", dept.id, skills=("lift",))
    t = backend.create_ticket(
        TicketDraft("phone", "lift", "normal", "电梯门关不上", customer_id=customer.id)
    )
    t = backend.assign(t.id, t.version, tech.id)
    for step in ("accepted", "en_route", "on_site", "in_progress", "resolved"):
        t = backend.transition(t.id, t.version, step)
    return t.id


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """Background work for the widgets under test; finished before they are deleted."""
    tasks = TaskRunner()
    yield tasks
    tasks.wait(5000)


def _panel(
    qtbot: QtBot, backend: Services, runner: TaskRunner
) -> tuple[CallbacksPanel, list[tuple[str, int | None]]]:
    dialled: list[tuple[str, int | None]] = []
    panel = CallbacksPanel(backend, runner, "agent1", lambda n, t: dialled.append((n, t)), "CN")
    qtbot.addWidget(panel)
    panel.resize(1100, 500)
    panel.show()
    panel.reload()
    qtbot.waitUntil(lambda: panel.queue.table.rowCount() > 0, timeout=5000)
    return panel, dialled


def test_take_call_and_record_an_unhappy_answer_reopens_the_ticket(
    qtbot: QtBot, backend: Services, runner: TaskRunner
) -> None:
    call_back_at_once(backend)
    ticket_id = resolved_ticket(backend)
    panel, dialled = _panel(qtbot, backend, runner)
    assert "华东电梯" in panel.queue.table.item(0, 2).text()

    panel.next_button.click()
    qtbot.waitUntil(lambda: panel.work.row is not None, timeout=5000)
    assert backend.list_callbacks()[0].claimed_by == "agent1"  # claimed in the database
    assert "华东电梯" in panel.work.header.text() and panel.work.script.isVisible()
    qtbot.waitUntil(lambda: "电梯门关不上" in panel.work.history.toPlainText(), timeout=5000)

    panel.work.call_button.click()
    assert dialled == [("+8613812345678", ticket_id)]

    assert not panel.work.save_button.isEnabled()  # no answer chosen yet
    panel.work.outcome_buttons[CallbackOutcome.REACHED].setChecked(True)
    panel.work.score_buttons[1].setChecked(True)  # 2 stars
    panel.work.fixed_no.setChecked(True)
    panel.work.comment.setPlainText("门还是关不严")
    with qtbot.waitSignal(panel.ticket_changed, timeout=5000) as changed:
        panel.work.save_button.click()
    assert changed.args == [ticket_id]
    ticket = backend.get_ticket(ticket_id)
    assert (ticket.status, ticket.reopen_count) == (TicketStatus.REOPENED, 1)
    assert panel.work.row is None
    # the dispatcher finds whom to send back in the ticket's timeline
    notes = [c.body for c in backend.ticket_history(ticket_id).comments]
    assert any("王伟" in n and "same technician" in n for n in notes)
    qtbot.waitUntil(lambda: panel.queue.table.rowCount() == 0, timeout=5000)


def test_a_callback_not_due_yet_is_not_next(
    qtbot: QtBot, backend: Services, runner: TaskRunner
) -> None:
    resolved_ticket(backend)  # the default rule: the next business day
    panel, _ = _panel(qtbot, backend, runner)
    with qtbot.waitSignal(panel.message, timeout=5000) as said:
        panel.next_button.click()
    assert "next is due at" in said.args[0]
    assert panel.work.row is None


def test_a_colleagues_callback_cannot_be_taken_and_says_who_has_it(
    qtbot: QtBot, backend: Services, runner: TaskRunner
) -> None:
    call_back_at_once(backend)
    resolved_ticket(backend)
    panel, _ = _panel(qtbot, backend, runner)
    cb = backend.list_callbacks()[0]
    backend.as_actor(Actor("bob", "agent")).claim_callback(cb.id)
    panel.reload()
    qtbot.waitUntil(lambda: panel.queue.table.item(0, 6).text() == "bob", timeout=5000)
    assert panel.queue.next_for_me() is None  # "next" skips what others hold

    with qtbot.waitSignal(panel.message, timeout=5000) as said:
        panel.take(panel.queue.rows[0])
    assert "bob" in said.args[0]
    assert panel.work.row is None


def test_a_refused_save_keeps_what_the_agent_typed(
    qtbot: QtBot, backend: Services, runner: TaskRunner
) -> None:
    call_back_at_once(backend)
    resolved_ticket(backend)
    panel, _ = _panel(qtbot, backend, runner)
    panel.queue.table.selectRow(0)
    panel.take(panel.queue.rows[0])
    qtbot.waitUntil(lambda: panel.work.row is not None, timeout=5000)
    panel.work.outcome_buttons[CallbackOutcome.REACHED].setChecked(True)
    panel.work.comment.setPlainText("客户很满意")  # but no score asked
    panel.work.save_button.click()
    qtbot.waitUntil(lambda: bool(panel.work.error.text()), timeout=5000)
    assert "1 to 5" in panel.work.error.text() or "1" in panel.work.error.text()
    assert panel.work.comment.toPlainText() == "客户很满意"
    assert panel.work.save_button.isEnabled()
    panel.work.score_buttons[4].setChecked(True)
    panel.work.fixed_yes.setChecked(True)
    with qtbot.waitSignal(panel.message, timeout=5000):
        panel.work.save_button.click()
    done = backend.list_callbacks("done")[0]
    assert (done.satisfaction, done.problem_fixed, done.comment) == (5, True, "客户很满意")


def _reviewed_world(backend: Services) -> None:
    """Two answered callbacks (one happy, one not) and one still waiting."""
    root = backend.as_actor(Actor("root", "admin"))
    root.create_user("bob", "Bob", "agent", "correct horse battery")
    for name, score in [("华东电梯", 5), ("申城物业", 1), ("浦江大厦", None)]:
        ticket_id = resolved_ticket(backend, name)
        cb = next(c for c in backend.ticket_history(ticket_id).callbacks)
        if score is not None:
            backend.record_callback(
                cb.id, cb.version, "reached", satisfaction=score, problem_fixed=score > 2,
                comment="门还是关不严" if score < 3 else "",
            )  # fmt: skip


def test_supervisors_review_flag_low_scores_reassign_and_export(
    qtbot: QtBot, backend: Services, runner: TaskRunner, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _reviewed_world(backend)
    sue = backend.as_actor(Actor("sue", "supervisor"))
    dialog = ReviewDialog(sue, runner, "Asia/Shanghai")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.until.setDate(QDate(2100, 1, 1))  # the tickets were resolved now, not in the past
    dialog.start()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3 and dialog.stats is not None, timeout=5000)
    assert "1 low score" in dialog.count.text()
    flagged = [r for r, row in enumerate(dialog.rows) if row.flagged]
    assert dialog.table.item(flagged[0], 0).background().color().name() == "#ffebee"
    dialog.table.selectRow(flagged[0])
    assert dialog.notes.toPlainText() == "门还是关不严"

    dialog.low_only.setChecked(True)
    dialog.show_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    dialog.low_only.setChecked(False)
    dialog.show_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=5000)

    waiting_row = next(
        r for r, row in enumerate(dialog.rows) if row.callback.status.value == "pending"
    )
    dialog.table.selectRow(waiting_row)
    dialog.reassign("bob")
    qtbot.waitUntil(lambda: backend.list_callbacks()[0].assigned_to == "bob", timeout=5000)

    assert dialog.stats is not None and dialog.stats.callbacks_done == 2
    assert "67%" in dialog.dashboard.first_time.text()  # one of three resolved was reopened
    csv_path = dialog.export("csv", tmp_path / "callbacks.csv")
    assert csv_path is not None
    text = csv_path.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows needs the BOM
    assert "申城物业" in text.decode("utf-8-sig") and "门还是关不严" in text.decode("utf-8-sig")
    xlsx = dialog.export("xlsx", tmp_path / "callbacks.xlsx")
    assert xlsx is not None
    book = load_workbook(xlsx)
    sheet, summary = book.worksheets
    assert sheet.max_row == 4 and sheet["A1"].value == "Created"
    low = next(row for row in sheet.iter_rows(min_row=2) if row[4].value == "申城物业")
    assert low[0].fill.fgColor.rgb.endswith("FFEBEE")
    assert summary["B2"].value == pytest.approx(2 / 3) and summary["B2"].number_format == "0.0%"
    assert dialog.export("csv", tmp_path / "missing" / "x.csv") is None
    assert "Could not save" in dialog.count.text()


def test_a_customer_asks_to_be_called_back_from_the_ticket(qtbot: QtBot, backend: Services) -> None:
    ticket_id = resolved_ticket(backend)
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    window.open_ticket(ticket_id)
    qtbot.waitUntil(lambda: window.detail.ticket is not None, timeout=5000)
    dialog = window.request_callback()
    assert dialog is not None and dialog.number.text()
    dialog.number.setText("12345")  # a typo: refused, and the dialog keeps it
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=5000)
    assert dialog.isVisible() and dialog.number.text() == "12345"
    dialog.number.setText("13812345678")
    with qtbot.waitSignal(dialog.scheduled, timeout=5000) as done:
        dialog.save()
    assert done.args[0].reason.value == "customer_request"
    assert any(
        a.text() for a in window.menuBar().actions() if "Callbacks" in a.text().replace("&", "")
    )
    window.shutdown()


def test_supervisors_edit_the_callback_rules(
    qtbot: QtBot, backend: Services, runner: TaskRunner
) -> None:
    sue = backend.as_actor(Actor("sue", "supervisor"))
    editor = RulesEditor(sue, runner)
    qtbot.addWidget(editor)
    editor.show()
    editor.load()
    qtbot.waitUntil(lambda: len(editor.rows) == 1, timeout=5000)  # the default rule
    editor.add_button.click()
    lifts = editor.rows[1]
    lifts.category.setText("lift")
    lifts.when.setCurrentIndex(lifts.when.findData("hours"))
    lifts.amount.setValue(2)
    lifts.within.setValue(4)
    default = editor.rows[0]
    default.within.setValue(0)  # below the minimum: the spin box keeps 1
    default.enabled.setChecked(False)
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.save_button.click()
    assert saved.args == [2]
    rules = {r.category: r for r in sue.callback_rules()}
    assert (rules["lift"].delay_kind, rules["lift"].delay_hours, rules["lift"].sla_hours) == (
        "hours", 2, 4
    )  # fmt: skip
    assert rules[None].enabled is False
    # saving again with nothing changed writes nothing; an edit after saving is not a conflict
    editor.save_button.click()
    assert "Nothing" in editor.status.text()
    lifts.amount.setValue(3)
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_button.click()
    assert {r.category: r for r in sue.callback_rules()}["lift"].delay_hours == 3

    agent = RulesEditor(backend, runner)  # agents may look, not change
    qtbot.addWidget(agent)
    agent.show_rules(sue.callback_rules())
    agent.rows[0].within.setValue(9)
    agent.save_button.click()
    qtbot.waitUntil(lambda: "Rule 1" in agent.status.text(), timeout=5000)


def test_exports_never_turn_what_a_customer_said_into_a_formula(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from openpyxl import load_workbook

    from dispatch_console.domain.callbacks import CallbackRow
    from dispatch_console.domain.calls import Callback
    from dispatch_console.domain.enums import CallbackReason, CallbackStatus
    from dispatch_console.ui.callbacks.export import write_csv, write_xlsx

    now = datetime.now(UTC)
    cb = Callback(1, CallbackReason.RESOLVED, now, CallbackStatus.DONE, "+8613812345678",
                  comment='=HYPERLINK("http://evil","x")', created_at=now)  # fmt: skip
    rows = [CallbackRow(cb, "T0000001", "lift", "@客户", "王伟")]
    write_csv(rows, tmp_path / "c.csv")
    text = (tmp_path / "c.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@客户" in text and "138 1234 5678" in text
    write_xlsx(rows, None, tmp_path / "c.xlsx")
    sheet = load_workbook(tmp_path / "c.xlsx").active
    assert sheet is not None
    notes = sheet.cell(2, 14)
    assert notes.data_type == "s" and notes.value == '=HYPERLINK("http://evil","x")'

    # the Summary sheet too: an agent can name a technician like this (issue 22)
    from dispatch_console.domain.callbacks import CallbackStats, TechnicianScore

    stats = CallbackStats(technicians=[TechnicianScore(1, '=HYPERLINK("http://evil","x")', 3)])
    write_xlsx(rows, stats, tmp_path / "s.xlsx")
    book = load_workbook(tmp_path / "s.xlsx")
    names = [c for row in book.worksheets[1].iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in names)
    assert any(c.value == '=HYPERLINK("http://evil","x")' for c in names)
