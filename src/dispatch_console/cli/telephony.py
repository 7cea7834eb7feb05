"""`telephony monitor` and `telephony replay`: prove a PBX connection, record its raw traffic, and
run a recording through the same translation the consoles use.

`dispatch-admin telephony monitor --source ami://user@pbx:5038 --record pbx.raw` (the secret in
$DISPATCH_PBX_SECRET or --secret-file) prints the normalised call events, records the calls, and
keeps every byte the PBX sent; `dispatch-admin telephony replay pbx.raw` prints the calls that
traffic makes. A site whose PBX behaves differently sends us the file."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from ..domain.call_events import CallEvent
from ..domain.errors import DomainError
from ..domain.phones import DialPlan, pbx_number
from ..services import Services
from ..telephony.calllog import record
from ..telephony.dial_plan import add_arguments as add_dial_plan_arguments
from ..telephony.replay import CallSummary, NotARecording, replay
from ..telephony.sources import PBX_SECRET_ENV, pbx_secret, source_for
from .common import CliError, dial_plan, open_store, require_schema, services


def register(commands: Any) -> None:
    p = commands.add_parser(
        "telephony",
        help="connect to the PBX: watch and record calls; replay recorded traffic",
        description="Telephony tools. `monitor` connects to an Asterisk manager interface "
        "(ami://user@host:5038) or a FreeSWITCH event socket (esl://@host:8021), "
        "prints every normalised call event (offered, answered, ended) and records the calls; "
        "a missed call becomes a callback task. `replay` reads a recording made with "
        "`monitor --record` and prints the calls it would record.",
    )
    sub = p.add_subparsers(dest="telephony_command", metavar="COMMAND", required=True)
    monitor = sub.add_parser("monitor", help="print and record the PBX's call events")
    monitor.add_argument("--source", required=True, metavar="URL")
    monitor.add_argument(
        "--secret-file", metavar="FILE",
        help=f"the manager secret or ESL password (else ${PBX_SECRET_ENV}; a secret in the URL "
        "works too, but process lists show it)",
    )  # fmt: skip
    monitor.add_argument(
        "--duration", type=float, default=None, metavar="SECONDS", help="default: until Ctrl+C"
    )
    monitor.add_argument(
        "--no-record", action="store_true", help="only print; write nothing to the database"
    )
    monitor.add_argument(
        "--record", metavar="FILE", type=Path,
        help="also keep every byte the PBX sends in FILE, for `telephony replay` (what we send, "
        "the login with its secret included, is not kept)",
    )  # fmt: skip
    add_dial_plan_arguments(monitor)
    monitor.set_defaults(handler=run_monitor)
    again = sub.add_parser(
        "replay", help="print the calls a recording of PBX traffic makes (AMI or ESL, detected)"
    )
    again.add_argument("file", type=Path, metavar="FILE")
    again.add_argument("--events", action="store_true", help="every call event, not only calls")
    again.add_argument(
        "--customers", action="store_true",
        help="also look each caller up in the database (--database) and name the customer the "
        "call would be filed on; nothing is written",
    )  # fmt: skip
    add_dial_plan_arguments(again)
    again.set_defaults(handler=run_replay)


def run_monitor(args: argparse.Namespace) -> int:
    dial_plan(args)  # a wrong --area-code is said before connecting, not after the first call
    try:
        source = source_for(args.source, pbx_secret(args.source, args.secret_file))
    except ValueError as exc:
        raise CliError(str(exc), 2) from exc
    backend = None
    store = None
    if not args.no_record:
        store = open_store(args)
        require_schema(store)
        backend = services(store, args)
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
        if backend is None:
            return
        try:
            record(backend, event)
        except DomainError as exc:  # a bad number from the PBX must not stop the monitor
            counts["refused"] += 1
            print(f"  not recorded: {exc}", file=sys.stderr, flush=True)

    recording = None
    try:
        if args.record is not None:
            try:
                recording = source.recorder = args.record.open("ab")
            except OSError as exc:
                raise CliError(f"cannot write the recording {args.record}: {exc}", 2) from exc
        source.run(on_event, stop, on_status=lambda text: print(f"# {text}", flush=True))
    finally:
        if timer is not None:
            timer.cancel()
        signal.signal(signal.SIGINT, previous)
        if store is not None:
            store.close()
        if recording is not None:
            recording.close()
    print(f"# {counts['events']} event(s), {counts['refused']} not recorded", flush=True)
    if args.record is not None:
        print(f"# the PBX's traffic is in {args.record}: `telephony replay {args.record}`")
    return 0


def run_replay(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {args.file}: {exc}", 2) from exc
    try:
        result = replay(data)
    except NotARecording as exc:
        raise CliError(f"{args.file}: {exc}", 2) from exc
    if args.events:
        for event in result.events:
            print(event.line())
    plan = dial_plan(args) or DialPlan()
    store = None
    backend = None
    if args.customers:
        store = open_store(args)
        require_schema(store)
        backend = services(store, args)
    calls = result.calls()
    try:
        for call in calls:
            print(call.line())
            print(f"  {_customer_line(call, args.region, plan, backend)}")
    finally:
        if store is not None:
            store.close()
    for note in result.notes:
        print(f"# {note}")
    print(
        f"# {result.protocol.upper()}: {len(calls)} call(s) from {len(result.events)} event(s) "
        f"over {result.connections} connection(s); {result.skipped_frames} frame(s) skipped"
    )
    return 0


def _customer_line(call: CallSummary, region: str, plan: DialPlan, backend: Services | None) -> str:
    """The customer's number as the call log would store it under the dial plan, and with a
    backend, who it matches: what an integrator checks when callers come up unknown."""
    outbound = call.direction == "outbound"
    sent = call.to_number if outbound else call.from_number
    who = "callee" if outbound else "caller"
    number = pbx_number(sent, region, plan)
    if number is None:
        return f"{who} {sent or '?'}: no phone number (kept as sent, matches nobody)"
    line = f"{who} {sent} is {number}"
    if backend is None:
        return line
    found = backend.lookup_caller(sent).customers  # the screen-pop's own path
    if not found:
        return f"{line}: no customer"
    if len(found) > 1:
        return f"{line}: {len(found)} customers (" + ", ".join(c.name for c in found) + ")"
    return f"{line}: {found[0].name} (customer {found[0].id})"
