"""The one place that wires everything: arguments and settings -> database -> sign-in -> window."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..config import Secrets, environment, has_saved_settings, load_settings
from ..config.environment import default_database_url as default_url
from ..versions import VERSION, build
from . import logs  # Qt-free: a broken PySide6 must still let --self-test say so

SCREENSHOT_TIMEOUT_S = 120
PBX_CLOSE_S = 2.0  # at quit, how long the PBX connection may take to say goodbye


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="dispatch-console", description="Dispatch Console")
    p.add_argument("--version", action="version", version=f"%(prog)s {VERSION}")
    p.add_argument("--database", help="SQLite file or PostgreSQL URL (default: from settings)")
    p.add_argument(
        "--server", metavar="URL", help="work through a dispatch-server (e.g. http://host:8470)"
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="open a seeded Shanghai demo database, signed in as agent1",
    )
    p.add_argument(
        "--user",
        default=None,
        help="user name for the sign-in dialog (with DISPATCH_PASSWORD set: sign in directly)",
    )
    p.add_argument("--lang", choices=("en", "zh_CN"), default=None)
    p.add_argument(
        "--area-code", metavar="CODE",
        help="the desk's area code (e.g. 021): callers the PBX sends without it are found",
    )  # fmt: skip
    p.add_argument("--screenshot", metavar="PATH", help="save the window as PNG once loaded; exit")
    p.add_argument(
        "--after",
        type=float,
        default=0.5,
        metavar="SECONDS",
        help="with --screenshot: wait this long after the data has loaded",
    )
    p.add_argument(
        "--incoming-call",
        metavar="NUMBER",
        help="a softphone's incoming-call hook: pop this caller in the running console",
    )
    p.add_argument("--call-id", metavar="ID", help="with --incoming-call: the PBX's call id")
    p.add_argument("url", nargs="?", help="dispatch://call?from=NUMBER&id=ID (the URL protocol)")
    p.add_argument(
        "--self-test",
        action="store_true",
        help="check Qt, translations, the map, the keyring, the backend and the PBX; report; "
        "exit 0, or 1 on any failure",
    )
    p.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings this PC gives the console (no secrets) and exit",
    )
    p.add_argument(
        "--report", type=Path, metavar="FILE",
        help="with --self-test or --show-settings: also write the report to FILE",
    )  # fmt: skip
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logs.set_up()
    logs.install_hooks()
    from .diagnostics import scrub  # the arguments may hold a database URL with a password

    logs.log.info("Dispatch Console %s (%s) starting: %s", VERSION, build(),
                  scrub(" ".join(sys.argv[1:] if argv is None else argv)))  # fmt: skip
    # nobody would close a box in an unattended run: those tell stderr and the log only
    gui = not (args.self_test or args.show_settings or args.screenshot)
    try:
        settings = load_settings()
        if args.area_code is not None:  # the command line beats every settings file
            settings = with_area_code(settings, args.area_code)
    except ValueError as exc:
        from . import failures

        return failures.tell(f"settings: {exc}", failures.bad_settings(str(exc)), gui=gui)
    secrets = Secrets()
    if args.show_settings:
        from .selftest import show_settings

        return show_settings(settings, args.report)
    if sys.platform.startswith("linux") and os.geteuid() == 0:
        # QtWebEngine refuses to start as root unless its sandbox is off (maps need it)
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    if args.self_test:
        from .selftest import self_test

        c = settings.connection
        saved = c.url(secrets.get(c.secret_key)) if has_saved_settings() else None
        url = args.server or args.database or environment.database_url() or saved
        url = url or environment.server_url()
        url = url or default_url()
        if args.demo:  # the demo's own file, as `--demo` would open it (never seeded here)
            from .demo import demo_path

            url = f"sqlite:///{demo_path()}"
        return self_test(
            url, own=url == default_url() and not args.database and not args.demo,
            report_to=args.report, settings=settings, secrets=secrets, language=args.lang,
            demo=args.demo,
        )  # fmt: skip

    import PySide6.QtWebEngineWidgets  # noqa: F401  (before the QApplication: GL sharing)
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from ..ui.icons import app_icon
    from ..ui.map.scheme import register_scheme
    from ..ui.none_guard import keep_none_alive
    from . import crash
    from .startup import begin

    register_scheme()  # Chromium must know dcmap: before the QApplication exists
    QCoreApplication.setOrganizationName("DispatchConsole")
    QCoreApplication.setApplicationName("Dispatch Console")
    app = QApplication(sys.argv[:1])
    keep_none_alive(app)  # PySide6 6.12 on Python 3.11 (ui/none_guard.py)
    app.setWindowIcon(app_icon())
    logs.install_qt_handler()
    context = crash.Context(settings, secrets)
    logs.install_hooks(crash.on_error(context) if gui else None)
    try:
        incoming = _incoming_call(args)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    if incoming is not None or args.pending_dial:
        from ..ui.calls.hook import forward_to_running

        if incoming is not None and forward_to_running(incoming.from_number, incoming.call_id):
            return 0  # the running console pops it
        if args.pending_dial and forward_to_running(args.pending_dial, None, dial=True):
            return 0  # the running console dials it
    args.pending_call = incoming
    started = begin(app, args, settings, secrets, gui=gui)
    if isinstance(started, int):
        return started
    opened, user = started
    context.backend = opened.label
    return _run_window(app, args, opened, user, secrets, context)


def with_area_code(settings: Any, area_code: str) -> Any:
    """The settings with --area-code applied, checked as a file's value would be."""
    data = settings.model_dump()
    data["telephony"]["area_code"] = area_code
    return type(settings).model_validate(data)


def _incoming_call(args: argparse.Namespace) -> Any:
    """The call a softphone hook hands over (`--incoming-call` or a dispatch:// URL), or None.
    A tel: link is a number to dial instead (`args.pending_dial`)."""
    from ..ui.calls.hook import call_from_url, number_from_tel, offered

    args.pending_dial = None
    if args.url and args.url.lower().startswith("tel:"):
        args.pending_dial = number_from_tel(args.url)
        return None
    if args.url:
        number, call_id = call_from_url(args.url)
        return offered(number, call_id)
    if args.incoming_call:
        return offered(args.incoming_call, args.call_id)
    return None


def _run_window(app, args, opened, user, secrets, context) -> int:  # type: ignore[no-untyped-def]
    import asyncio

    import qasync

    from ..config.model import pending_writes_file
    from ..ports import Actor
    from ..rest.pending_writes import PendingWrites
    from ..services import Services
    from ..travel.routers import road_times_for, router_for
    from ..ui.main_window import MainWindow
    from . import probes
    from .demo import simulate_activity, simulate_calls
    from .screenshot import screenshot_when_loaded

    # one loop for Qt and asyncio: long-lived connections (the PBX) are tasks on it
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    actor = Actor(
        user.username, role=user.role.value, user_id=user.id, department_id=user.department_id
    )
    backend: Any
    server = None
    if opened.server is not None and opened.server.backend is not None:
        backend = server = opened.server.backend  # every use case through the server
        server.pending_writes = PendingWrites(pending_writes_file(server.base_url, user.username))
    else:
        assert opened.store is not None
        backend = Services(
            opened.store.unit_of_work, opened.store.feed, actor, region=opened.settings.region,
            dial_plan=opened.settings.dial_plan(), desk=opened.settings.desk_zone(),
        )  # fmt: skip
    telephony = opened.settings.telephony
    window = MainWindow(
        backend,
        actor,
        opened.label,
        extension=telephony.extension or user.extension,
        settings=opened.settings,
        probes=probes.probes(),
        secrets=secrets,
        map_settings=opened.settings.map,
        router=router_for(opened.settings.map.route_kind, opened.settings.map.route_url),
        road_times=lambda: road_times_for(
            opened.settings.map.route_kind, opened.settings.map.route_url
        ),
        server=server,
    )
    window.diagnostics = context.diagnostics()
    window.show()
    window.start()
    from PySide6.QtCore import QTimer

    from ..ui.calls.hook import IncomingCallServer

    hook = IncomingCallServer(window)
    hook.call.connect(window.calls.on_event)
    hook.dial.connect(window.dial_from_link)
    if not hook.listen():
        print(f"softphone hook: cannot listen on {hook.name}", file=sys.stderr)
    if args.pending_dial:  # a tel: link started the console
        QTimer.singleShot(0, lambda: window.dial_from_link(args.pending_dial))
    if args.pending_call is not None:  # started by a hook with no console running yet
        QTimer.singleShot(0, lambda: window.calls.on_event(args.pending_call))
    pbx = None
    port = telephony.effective_port
    if telephony.kind in ("ami", "esl", "webhook") and port and not args.screenshot:
        from ..telephony.sources import WebhookSource, source_for_settings
        from ..ui.calls.pbx import PbxConnection

        secret = secrets.get(telephony.secret_key) or ""
        source = source_for_settings(
            telephony.kind, telephony.host, port, telephony.username, secret
        )
        if isinstance(source, WebhookSource):  # people named by the CTI become extensions
            source.match = backend.match_call_agents
        pbx = PbxConnection(source, loop, window.loops)
        pbx.call.connect(window.calls.on_event)
        if hasattr(pbx.source, "dial"):
            window.dialing.dialer = pbx.source.dial
        pbx.status.connect(window.show_telephony_status)
        pbx.start()
    if args.demo and not args.screenshot and opened.store is not None:
        simulate_activity(window, opened.store)
        simulate_calls(window, backend, user.extension)
    if args.screenshot:
        screenshot_when_loaded(window, Path(args.screenshot), args.after, app, SCREENSHOT_TIMEOUT_S)
    code: int = loop.run_forever()
    if pbx is not None:  # close the PBX socket before the loop goes
        loop.run_until_complete(asyncio.wait_for(pbx.stopped(), PBX_CLOSE_S))
    window.shutdown()
    opened.close()
    return code
