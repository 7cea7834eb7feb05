"""The SLA watch: runs the escalation scan every `every_s` seconds until stopped. Lead times come
from options: `--sla-assignee-lead response=10,arrival=30,resolution=120` (minutes),
`--sla-supervisor-lead response=5,arrival=15,resolution=60`, `--sla-redispatch arrival`."""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from ..domain.errors import ValidationError
from ..domain.escalation import EscalationPolicy
from ..domain.sla import Milestone
from ..ports import Actor
from ..runtime.supervise import Supervisor
from ..services import Services

log = logging.getLogger(__name__)
WATCHER = Actor("sla-watch", "supervisor")


def parse_leads(text: str, option: str) -> dict[Milestone, timedelta]:
    """'response=10,arrival=30' -> minutes per milestone; a milestone left out is not told."""
    out: dict[Milestone, timedelta] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, minutes = part.partition("=")
        try:
            out[Milestone(name.strip())] = timedelta(minutes=float(minutes))
        except ValueError:
            raise ValidationError(
                option, f"{part!r}: write milestone=minutes (response, arrival, resolution)"
            ) from None
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("SLA escalation", "tell people before deadlines are missed")
    default = EscalationPolicy()
    group.add_argument(
        "--sla-assignee-lead", metavar="LEADS",
        default=",".join(f"{m.value}={int(d.total_seconds() // 60)}"
                         for m, d in default.assignee_lead.items()),
        help="minutes before each deadline the technician is told (default: %(default)s)",
    )  # fmt: skip
    group.add_argument(
        "--sla-supervisor-lead", metavar="LEADS",
        default=",".join(f"{m.value}={int(d.total_seconds() // 60)}"
                         for m, d in default.supervisor_lead.items()),
        help="minutes before each deadline the supervisor is told (default: %(default)s)",
    )  # fmt: skip
    group.add_argument(
        "--sla-redispatch",
        default="",
        metavar="MILESTONES",
        help="missed deadlines that send the job back for dispatch, e.g. arrival",
    )
    group.add_argument("--sla-every", type=float, default=60.0, metavar="SECONDS",
                       help="how often the scan runs (0: never)")  # fmt: skip


def policy_from(args: argparse.Namespace) -> EscalationPolicy:
    try:
        redispatch = frozenset(
            Milestone(m.strip()) for m in args.sla_redispatch.split(",") if m.strip()
        )
    except ValueError:
        raise ValidationError(
            "--sla-redispatch", "milestones: response, arrival or resolution"
        ) from None
    policy = EscalationPolicy(
        parse_leads(args.sla_assignee_lead, "--sla-assignee-lead"),
        parse_leads(args.sla_supervisor_lead, "--sla-supervisor-lead"),
        redispatch,
    )
    policy.validate()
    return policy


def run_once(services: Services, policy: EscalationPolicy) -> int:
    steps = services.as_actor(WATCHER).escalate_due(policy)
    for step in steps:
        log.info("ticket %s: %s %s", step.ticket_id, step.milestone.value, step.level.name)
    return len(steps)


def start_watch(
    services: Services,
    policy: EscalationPolicy,
    every_s: float,
    supervisor: Supervisor | None = None,
) -> threading.Event:
    """The scan on a daemon thread, kept running by `supervisor`; set the returned event to
    stop it."""
    stop = threading.Event()
    if every_s > 0:
        (supervisor or Supervisor()).start("sla-watch", watch_loop(services, policy, every_s), stop)
    return stop


def watch_loop(
    services: Services, policy: EscalationPolicy, every_s: float
) -> Callable[[threading.Event], None]:
    """A scan every `every_s` seconds until the event is set (the first after `every_s`)."""

    def loop(stop: threading.Event) -> None:
        while not stop.wait(every_s):
            try:
                run_once(services, policy)
            except Exception:  # a bad minute (the database restarting) must not end the watch
                log.exception("the SLA scan failed; trying again in %.0f s", every_s)

    return loop
