"""The reactions to one change share a read (services/reactions.py:shared_read): the SLA scan
commits ~100 escalation steps at once, and each step's staff alert needs the active
supervisors. Read once per transaction, never carried into the next one."""

from __future__ import annotations

from pathlib import Path

from dispatch_console.domain.events import NewEvent
from dispatch_console.ports import UnitOfWork
from dispatch_console.services.reactions import Recorded, reacting, shared_read
from dispatch_console.storage.store import SqlStore


def test_the_reactions_to_one_commit_read_once_and_the_next_transaction_reads_again(
    tmp_path: Path,
) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    store.upgrade()
    answers = iter(["first", "second"])
    reads: list[str] = []
    seen: list[str] = []

    def read() -> str:
        reads.append(answer := next(answers))
        return answer

    def react(uow: UnitOfWork, event: Recorded) -> None:
        seen.append(shared_read(uow, "who", read))

    open_unit = reacting(store.unit_of_work, react)
    for _ in range(2):
        with open_unit() as uow:
            uow.append_events(
                "test", [NewEvent("ticket", str(n), "escalated", {}) for n in range(3)]
            )
            uow.commit()
    store.close()
    assert reads == ["first", "second"]  # once a transaction, not once an event
    assert seen == ["first"] * 3 + ["second"] * 3


def test_outside_a_reacting_unit_of_work_it_simply_reads(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'plain.sqlite3'}")
    store.upgrade()
    calls: list[int] = []
    with store.unit_of_work(read_only=True) as uow:
        for n in range(2):
            shared_read(uow, "who", lambda n=n: calls.append(n))  # type: ignore[misc]
    store.close()
    assert calls == [0, 1]
