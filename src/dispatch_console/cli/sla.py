"""`sla run`: the SLA escalation scan on its own, for teams whose consoles share a PostgreSQL
database without a dispatch-server (which otherwise runs it): `dispatch-admin --database URL
sla run [--once] [--sla-redispatch arrival]`. Several may run at once: each step happens once."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from typing import Any

from ..domain.errors import DomainError
from ..runtime import logs
from ..runtime.supervise import Supervisor
from ..watch.sla import add_arguments, policy_from, run_once, watch_loop
from .common import CliError, open_store, require_schema, services


def register(commands: Any) -> None:
    p = commands.add_parser(
        "sla",
        help="escalate tickets near their SLA deadlines",
        description="Tell the technician, then the supervisor, before a deadline is missed; "
        "mark missed ones. Runs until Ctrl+C (or SIGTERM), or with --once a single scan.",
    )
    sub = p.add_subparsers(dest="sla_command", metavar="COMMAND", required=True)
    run = sub.add_parser("run", help="scan now and then every --sla-every seconds")
    run.add_argument("--once", action="store_true", help="one scan, then stop")
    add_arguments(run)
    run.set_defaults(handler=run_watch)


def run_watch(args: argparse.Namespace) -> int:
    try:
        policy = policy_from(args)
    except DomainError as exc:
        raise CliError(str(exc), 2) from None
    store = open_store(args)
    require_schema(store)
    logs.set_up("admin", stderr_level=logging.INFO)  # a long run says what it does
    desk = services(store, args)
    try:
        steps = run_once(desk, policy)
        if args.once:
            print(f"{steps} escalation step(s)")
            return 0
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        Supervisor().run("sla-watch", watch_loop(desk, policy, max(args.sla_every, 1.0)), stop)
        return 0
    finally:
        store.close()
