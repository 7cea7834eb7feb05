"""`notify run`: the customers' notification sender on its own, for teams whose consoles share a
PostgreSQL database without a dispatch-server (which otherwise runs it): `dispatch-admin
--database URL notify run --sms-url https://gateway/send --smtp-host mail.example.cn ...`.
Several may run at once: a notification is claimed by one sender at a time."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from datetime import timedelta
from typing import Any

from ..notify.settings import add_arguments, from_args
from ..notify.worker import NotificationWorker, senders_for
from ..runtime import logs
from ..runtime.supervise import Supervisor
from .common import CliError, open_store, require_schema, services


def register(commands: Any) -> None:
    p = commands.add_parser(
        "notify",
        help="send customers' notifications (e-mail, SMS)",
        description="Send the notifications queued in the database: e-mail by SMTP, SMS by an "
        "HTTP gateway. Runs until Ctrl+C (or SIGTERM), or with --once until nothing is due.",
    )
    sub = p.add_subparsers(dest="notify_command", metavar="COMMAND", required=True)
    run = sub.add_parser("run", help="send due notifications, retrying failures with backoff")
    run.add_argument("--desk-name", default="", help="the signature of texts and e-mails")
    run.add_argument("--once", action="store_true", help="send what is due now, then stop")
    add_arguments(run)
    run.set_defaults(handler=run_sender)


def run_sender(args: argparse.Namespace) -> int:
    try:
        settings = from_args(args)
    except ValueError as exc:  # a template file or secret file that cannot be used
        raise CliError(str(exc), 2) from exc
    senders = senders_for(settings)
    if not senders:
        raise CliError(
            "nothing to send with: give --smtp-host and --smtp-from, --sms-url, or "
            "--sms-provider aliyun|tencent with its keys and --sms-sign-name",
            2,
        )
    store = open_store(args)
    require_schema(store)
    logs.set_up("admin", stderr_level=logging.INFO)  # a long run says what it does
    worker = NotificationWorker(
        services(store, args), senders, poll_s=settings.poll_s,
        lease=timedelta(seconds=settings.lease_s),
    )  # fmt: skip
    try:
        if args.once:
            while worker.run_once():
                pass
            return 0
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        Supervisor().run("notify", worker.run, stop)
        return 0
    finally:
        store.close()
