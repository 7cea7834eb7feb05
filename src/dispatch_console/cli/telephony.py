"""`telephony monitor`: connect to the PBX, print the normalised call events, record the calls.

The tool an integrator runs to prove the PBX connection (and the headless path the tests use):
`dispatch-admin telephony monitor --source ami://user:secret@pbx:5038 --duration 60`."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from ..domain.call_events import CallEvent
from ..domain.errors import DomainError
from ..telephony.sources import source_for
from .common import CliError, open_store, require_schema, services


def register(commands: Any) -> None:
    p = commands.add_parser(
        "telephony",
        help="connect to the PBX: watch and record calls",
        description="Telephony tools. `monitor` connects to an Asterisk manager interface "
        "(ami://user:secret@host:5038) or a FreeSWITCH event socket (esl://:password@host:8021), "
        "prints every normalised call event (offered, answered, ended) and records the calls; "
        "a missed call becomes a callback task.",
    )
    sub = p.add_subparsers(dest="telephony_command", metavar="COMMAND", required=True)
    monitor = sub.add_parser("monitor", help="print and record the PBX's call events")
    monitor.add_argument("--source", required=True, metavar="URL")
    monitor.add_argument(
        "--duration", type=float, default=None, metavar="SECONDS", help="default: until Ctrl+C"
    )
    monitor.add_argument(
        "--no-record", action="store_true", help="only print; write nothing to the database"
    )
    monitor.set_defaults(handler=run_monitor)


def run_monitor(args: argparse.Namespace) -> int:
    try:
        source = source_for(args.source)
    except ValueError as exc:
        raise CliError(str(exc), 2) from exc
    record = None
    store = None
    if not args.no_record:
        store = open_store(args)
        require_schema(store)
        backend = services(store, args)
        record = backend.record_call_event
    stop = threading.Event()
    timer = None
    if args.duration is not None:
        timer = threading.Timer(args.duration, stop.set)
        timer.daemon = True  # Ctrl+C must not wait for it
        timer.start()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    counts = {"events": 0, "refused": 0}

    def on_event(event: CallEvent) -> None:
        counts["events"] += 1
        print(event.line(), flush=True)
        if record is None:
            return
        try:
            record(
                event.kind,
                event.call_id,
                event.at,
                direction=event.direction,
                from_number=event.from_number,
                to_number=event.to_number,
                agent_extension=event.extension,
                cause=event.cause,
            )
        except DomainError as exc:  # a bad number from the PBX must not stop the monitor
            counts["refused"] += 1
            print(f"  not recorded: {exc}", file=sys.stderr, flush=True)

    try:
        source.run(on_event, stop, on_status=lambda text: print(f"# {text}", flush=True))
    finally:
        if timer is not None:
            timer.cancel()
        signal.signal(signal.SIGINT, previous)
        if store is not None:
            store.close()
    print(f"# {counts['events']} event(s), {counts['refused']} not recorded", flush=True)
    return 0
