"""The demo's pretend PBX produces whole calls: offered, then answered and ended, or missed."""

from __future__ import annotations

import random

from dispatch_console.telephony.simulator import CallSimulator


def test_calls_come_whole_and_some_are_missed() -> None:
    sim = CallSimulator(["13812345678", "021 3775 5670"], "8001", chance=0.5, rng=random.Random(3))
    events = [e for _ in range(400) for e in sim.step()]
    by_call: dict[str, list[str]] = {}
    for e in events:
        by_call.setdefault(e.call_id, []).append(e.kind)
        assert e.extension == "8001" and e.from_number in sim.numbers
    finished = [kinds for kinds in by_call.values() if kinds[-1] == "ended"]
    assert finished and all(
        k in (["offered", "answered", "ended"], ["offered", "ended"]) for k in finished
    )
    assert any(k == ["offered", "ended"] for k in finished)  # missed calls happen
    assert sum(k == ["offered", "answered", "ended"] for k in finished) > len(finished) / 2
