"""Calls reaching this console: record each event, pop up the caller on an offer to my extension.

The pop-up appears at once with the number ("looking up…"); the caller lookup runs off the GUI
thread and fills it in (a few milliseconds on a million customers). Recording goes to the
backend off the GUI thread too; recording the same event twice changes nothing, so every
console that hears the PBX may record it."""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from ...domain.call_events import CallEvent, Direction
from ...domain.events import Event
from ...domain.phones import DialPlan, pbx_number
from ...domain.timeline import CallerMatch
from ...ports import Backend
from ..icons import app_icon
from ..tasks import TaskRunner
from .attach import AttachNumber
from .popup import ScreenPop


class CallController(QObject):
    """Signals:
    open_ticket(int): the agent wants this ticket shown.
    new_ticket(object, object): start a ticket for this caller (CallerMatch or None, CallEvent).
    add_note(int): note what the caller says on this ticket.
    popped(float): a pop-up showed the caller this many milliseconds after the offer arrived.
    """

    open_ticket = Signal(int)
    new_ticket = Signal(object, object)
    add_note = Signal(int)
    popped = Signal(float)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        extension: str | None,
        parent_widget: QWidget,
        region: str = "CN",
        dial_plan: DialPlan | None = None,
    ) -> None:
        super().__init__(parent_widget)
        self._backend = backend
        self._runner = runner
        self.extension = extension
        self._parent = parent_widget
        self._region = region
        # the desk's area code and trunk prefixes: what this console's own PBX connection or
        # softphone hands over is put in E.164 here, whatever backend records and looks it up
        self.dial_plan = dial_plan or DialPlan()
        self.popups: dict[str, ScreenPop] = {}
        # one writer, in arrival order: an "ended" recorded before its "answered" looked missed
        self._recorder = TaskRunner(self, threads=1)
        self._answered: set[str] = set()
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(app_icon(), parent_widget)
            self.tray.show()  # a hidden tray icon shows no messages

    def on_event(self, event: CallEvent) -> None:
        """An event from this console's own PBX connection or softphone: recorded, then shown."""
        event = self._in_e164(event)
        self._record(event)
        self.on_pushed(event)

    def on_pushed(self, event: CallEvent) -> None:
        """An event already recorded (the server heard the PBX): only shown."""
        received = time.perf_counter()
        if event.kind == "offered" and self._rings_here(event):
            self._pop(event, received)
        elif event.kind == "answered":
            self._answered.add(event.call_id)
            popup = self.popups.get(event.call_id)
            if popup is not None:
                mine = not self.extension or event.extension in (None, self.extension)
                popup.call_answered(None if mine else event.extension)
        elif event.kind == "ended":
            popup = self.popups.get(event.call_id)
            if popup is not None:
                popup.call_ended(missed=event.call_id not in self._answered)
            self._answered.discard(event.call_id)

    def _in_e164(self, event: CallEvent) -> CallEvent:
        """Local forms (62345678, 9 + ..., 17951 + ...) as stored numbers; an extension or an
        anonymous caller stays as sent."""
        caller = pbx_number(event.from_number, self._region, self.dial_plan)
        callee = pbx_number(event.to_number, self._region, self.dial_plan)
        return replace(
            event, from_number=caller or event.from_number, to_number=callee or event.to_number
        )

    def _rings_here(self, event: CallEvent) -> bool:
        """Inbound calls offered to my extension; with none set, only calls handed over with no
        extension (the softphone hook), never everyone's."""
        if event.direction != "inbound":
            return False
        if not self.extension:
            return event.extension is None
        return event.extension in (None, self.extension)

    def _pop(self, event: CallEvent, received: float) -> None:
        popup = self.popups.get(event.call_id)
        if popup is None:
            attach = AttachNumber(self._backend, self._runner, self._region)
            popup = ScreenPop(event, self._region, self._parent, attach)
            popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a shift has many calls
            popup.open_ticket.connect(self.open_ticket)
            popup.new_ticket.connect(self.new_ticket)
            popup.add_note.connect(self.add_note)
            popup.finished.connect(lambda _r, cid=event.call_id: self.popups.pop(cid, None))
            self.popups[event.call_id] = popup
        popup.show()
        popup.raise_()

        def shown(match: CallerMatch) -> None:
            popup.show_match(match)
            self.popped.emit((time.perf_counter() - received) * 1000)
            self._notify(popup.windowTitle(), match)

        def not_found(_error: BaseException) -> None:
            self._notify(popup.windowTitle(), None)

        number = event.from_number
        # the agent may close the pop before the look-up answers: then nothing is left to fill in
        self._runner.run(
            lambda: self._backend.lookup_caller(number), shown, not_found, receiver=popup
        )

    def _notify(self, title: str, match: CallerMatch | None) -> None:
        """The tray notification: reaches an agent whose console is minimised or behind another
        window. It names the caller when the number matched one customer."""
        if self.tray is None:
            return
        if match is not None and len(match.customers) == 1:
            text = match.customers[0].name
            if match.open_tickets:
                text += "\n" + self.tr("%n open ticket(s)", "", len(match.open_tickets))
        elif match is not None and match.customers:
            text = self.tr("%n customers have this number", "", len(match.customers))
        else:
            text = self.tr("Unknown caller")
        self.tray.showMessage(title, text)

    def _record(self, event: CallEvent) -> None:
        def record() -> object:
            return self._backend.record_call_event(
                event.kind,
                event.call_id,
                event.at,
                direction=event.direction,
                from_number=event.from_number,
                to_number=event.to_number,
                agent_extension=event.extension,
                cause=event.cause,
            )

        self._recorder.run(record, lambda _call: None, self._runner.failed.emit, receiver=self)


def pushed_call(event: Event) -> CallEvent | None:
    """A call the server recorded, from the event log, as the event a PBX would have sent."""
    if event.entity != "call" or event.kind not in ("offered", "answered", "ended"):
        return None
    p = event.payload
    call_id = p.get("call_id")
    if not call_id:
        return None
    direction: Direction = "outbound" if p.get("direction") == "outbound" else "inbound"
    return CallEvent(
        event.kind,  # type: ignore[arg-type]
        str(call_id), event.at, direction, str(p.get("from_number") or ""), "",
        p.get("agent_extension") or None,
    )  # fmt: skip
