"""`create-user`: a login for an agent, supervisor, technician or administrator;
`user-contact`: where SLA alerts reach them away from the console; `passwd`: an administrator's
reset of someone's password (their sessions end); `unlock`: let a user name be tried again
at once after too many wrong passwords."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from ..domain.enums import Role
from ..domain.model import Department, User
from ..domain.passwords import POLICY
from .common import CliError, open_store, require_schema, services


def register(commands: Any) -> None:
    p = commands.add_parser(
        "create-user",
        help="create a login",
        description="Create a login. Without --password the password is asked for twice "
        "(not echoed). Agents who take calls need --extension: their softphone extension "
        "routes screen-pops to them.",
    )
    p.add_argument("username", help="letters, digits and . _ @ -")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--name", help="display name (default: the username)")
    p.add_argument("--extension", metavar="EXT", help="telephone extension, e.g. 8003")
    p.add_argument("--department", metavar="CODE", help="department code, e.g. LIFT")
    p.add_argument("--password", metavar="PW", help="avoid on shared machines: shell history")
    _contact_arguments(p)
    p.set_defaults(handler=create_user)

    c = commands.add_parser(
        "user-contact",
        help="set where SLA alerts reach a user",
        description="Supervisors (and watchers) get SLA escalations by e-mail and text at these; "
        "an empty value removes it. Options not given stay as they are.",
    )
    c.add_argument("username")
    _contact_arguments(c)
    c.set_defaults(handler=user_contact)

    w = commands.add_parser(
        "passwd",
        help="set a user's password (ends their sessions)",
        description=f"Set a new password for USER: asked twice (not echoed) in a terminal, or "
        f"read as one line from standard input for scripts (echo ... | dispatch-admin passwd "
        f"USER). Every session the user has open ends, and their sign-in throttle is cleared. "
        f"{POLICY}",
    )
    w.add_argument("username")
    w.set_defaults(handler=set_password)

    u = commands.add_parser(
        "unlock",
        help="let a user sign in again at once after wrong passwords",
        description="After five wrong passwords from one address, that address waits before "
        "trying that user again (doubling up to five minutes). This ends the wait everywhere.",
    )
    u.add_argument("username")
    u.set_defaults(handler=unlock)


def _contact_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--email", help="for SLA alerts by e-mail")
    p.add_argument("--mobile", help="for SLA alerts by text, e.g. 13812345678")
    p.add_argument("--language", choices=["zh_CN", "en"], help="of those alerts (default zh_CN)")


def create_user(args: argparse.Namespace) -> int:
    password = args.password if args.password is not None else _ask_password()
    store = open_store(args)
    try:
        require_schema(store)
        svc = services(store, args)
        department_id = None
        if args.department:
            with store.unit_of_work() as uow:
                dept = uow.find_one(Department, code=args.department)
            if dept is None:
                raise CliError(f"--department: no department with code {args.department!r}")
            department_id = dept.id
        user = svc.create_user(
            args.username,
            args.name or args.username,
            args.role,
            password,
            department_id=department_id,
            extension=args.extension,
            email=args.email,
            mobile=args.mobile,
            language=args.language or "zh_CN",
        )
    finally:
        store.close()
    ext = f", extension {user.extension}" if user.extension else ""
    print(f"created {user.role.value} {user.username!r} ({user.display_name}{ext}), id {user.id}")
    return 0


def user_contact(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        require_schema(store)
        svc = services(store, args)
        with store.unit_of_work() as uow:
            user = uow.find_one(User, username=args.username)
        if user is None:
            raise CliError(f"no user {args.username!r}")
        user = svc.set_user_contact(
            user.id,
            user.version,
            user.email if args.email is None else args.email,
            user.mobile if args.mobile is None else args.mobile,
            args.language or user.language,
        )
    finally:
        store.close()
    print(f"{user.username}: e-mail {user.email or '-'}, mobile {user.mobile or '-'}, "
          f"alerts in {user.language}")  # fmt: skip
    return 0


def _ask_password() -> str:
    if not sys.stdin.isatty():
        raise CliError("give --password, or run in a terminal to be asked for it")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise CliError("the passwords do not match")
    return first


def set_password(args: argparse.Namespace) -> int:
    password = _new_password()
    store = open_store(args)
    try:
        require_schema(store)
        with store.unit_of_work() as uow:
            user = uow.find_one(User, username=args.username)
        if user is None:
            raise CliError(f"no user {args.username!r}")
        ended = services(store, args).reset_password(user.id, password)
    finally:
        store.close()
    print(f"{user.username}: new password set; {ended} open session(s) ended")
    return 0


def unlock(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        require_schema(store)
        addresses = services(store, args).unlock_sign_in(args.username)
    finally:
        store.close()
    print(f"{args.username}: may sign in again from everywhere ({addresses} address(es) waited)")
    return 0


def _new_password() -> str:
    """Twice without echo in a terminal; one line from a pipe (a script's)."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line.strip():
            raise CliError("no password on standard input")
        return line.rstrip("\r\n")
    print(POLICY, file=sys.stderr)
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat new password: ") != first:
        raise CliError("the passwords do not match")
    return first
