"""`technician-device`: the id a technician's GPS tracker or app reports, so that its fixes move
that technician on the map (trackers that report an IMEI or their own id, not a phone number)."""

from __future__ import annotations

import argparse
from typing import Any

from ..domain.model import Technician
from ..domain.phones import try_normalise_phone
from ..storage.store import SqlStore
from .common import CliError, open_store, require_schema, services


def register(commands: Any) -> None:
    p = commands.add_parser(
        "technician-device",
        help="set the device id a technician's GPS tracker or app reports",
        description="Give a technician the id their GPS tracker or app reports: an IMEI, "
        "Traccar Client's device identifier, OsmAnd's id. Fixes that name it move this "
        "technician (the id is tried before phone numbers and technician numbers). One device "
        "per technician; an id another technician has is refused. An empty DEVICE_ID ('') "
        "removes it.",
    )
    p.add_argument(
        "technician", metavar="TECHNICIAN",
        help="the technician's name, phone number or technician number (#12 or 12)",
    )  # fmt: skip
    p.add_argument("device_id", metavar="DEVICE_ID", help="e.g. 356938035643809 (an IMEI)")
    p.set_defaults(handler=technician_device)


def technician_device(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        require_schema(store)
        tech = find_technician(store, args.technician, args.region)
        svc = services(store, args)
        if args.device_id.strip():
            with store.unit_of_work(read_only=True) as uow:
                holder = uow.find_one(Technician, device_id=args.device_id.strip())
            if holder is not None and holder.id != tech.id:
                raise CliError(
                    f"technician {holder.name!r} (#{holder.id}) already has the device id "
                    f"{holder.device_id!r}; remove it there first: "
                    f"dispatch-admin technician-device {holder.id} ''"
                )
        tech = svc.set_technician_device(tech.id, tech.version, args.device_id)
    finally:
        store.close()
    device = repr(tech.device_id) if tech.device_id else "no device id"
    print(f"technician {tech.name!r} (#{tech.id}, {tech.phone}): {device}")
    return 0


def find_technician(store: SqlStore, given: str, region: str) -> Technician:
    """By technician number, phone number or exact name; a name two technicians share is
    refused, naming their numbers."""
    text = given.strip()
    with store.unit_of_work(read_only=True) as uow:
        number = text.removeprefix("#")
        if number.isdigit() and len(number) <= 9:
            found = uow.find_one(Technician, id=int(number))
            if found is not None:
                return found
        phone = try_normalise_phone(text, region)
        if phone is not None:
            found = uow.find_one(Technician, phone=phone)
            if found is not None:
                return found
        named = uow.find(Technician, "id", 10, name=text)
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(f"#{t.id}" for t in named)
        raise CliError(f"{len(named)} technicians are called {text!r} ({ids}): give the number")
    raise CliError(f"no technician {text!r} (by name, phone number or technician number)")
