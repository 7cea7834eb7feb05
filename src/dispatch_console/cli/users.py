"""`create-user`: a login for an agent, supervisor, technician or administrator."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from ..domain.enums import Role
from ..domain.model import Department
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
    p.set_defaults(handler=create_user)


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
        )
    finally:
        store.close()
    ext = f", extension {user.extension}" if user.extension else ""
    print(f"created {user.role.value} {user.username!r} ({user.display_name}{ext}), id {user.id}")
    return 0


def _ask_password() -> str:
    if not sys.stdin.isatty():
        raise CliError("give --password, or run in a terminal to be asked for it")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise CliError("the passwords do not match")
    return first
