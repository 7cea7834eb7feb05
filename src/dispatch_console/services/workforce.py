"""Use cases for the workforce: departments, parts, technicians and their vans, users."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, time

from ..domain.contacts import check_language, clean_email
from ..domain.enums import Role, TechnicianStatus, parse_enum
from ..domain.errors import DuplicateError, PermissionDenied, ValidationError
from ..domain.events import NewEvent
from ..domain.model import (
    Department,
    Part,
    StockLine,
    Technician,
    User,
)
from ..domain.notifications import textable
from ..domain.passwords import policy_problem
from ..domain.phones import normalise_phone, try_normalise_phone
from ..domain.positions import MAX_DEVICE_ID, Fix, PositionReport, checked_fix, clean_device_id
from ..ports import StockChange
from .base import UseCases, check_version, clean_text
from .passwords import hash_password
from .policy import ADMINS, DESK, LINKED, OWN_RECORD, SUPERVISORS, allow, anyone


class WorkforceUseCases(UseCases):
    # --- departments, parts --------------------------------------------------------------------
    @allow(DESK)
    def create_department(self, name: str, code: str) -> Department:
        with self._uow() as uow:
            code = clean_text(code, "code", max_len=40)
            if uow.find_one(Department, code=code):
                raise DuplicateError("code", code)
            dept = uow.add(Department(0, clean_text(name, "name", max_len=200), code))
            self._record(uow, "department", dept.id, "created", name=dept.name, code=code)
            uow.commit()
        return dept

    @allow(DESK)
    def list_users(self) -> list[User]:
        """Everyone who signs in (for pickers: give a callback to an agent). Where alerts reach
        someone (e-mail, mobile) is theirs and the administrators' to see, not the desk's."""
        with self._uow(read_only=True) as uow:
            users = uow.find(User, "username")
        if self.actor.role != "admin":
            for user in users:
                if user.username != self.actor.name:
                    user.email = user.mobile = None
        return users

    @allow(DESK)
    def list_departments(self) -> list[Department]:
        with self._uow(read_only=True) as uow:
            return uow.find(Department)

    @allow(DESK)
    def create_part(self, sku: str, name: str, unit: str = "pcs", fits: Sequence[str] = ()) -> Part:
        """`fits`: the asset models or categories the part fits, for dispatch ranking."""
        fitting = tuple(sorted({clean_text(f, "fits", max_len=80) for f in fits}))
        with self._uow() as uow:
            sku = clean_text(sku, "sku", max_len=60)
            if uow.find_one(Part, sku=sku):
                raise DuplicateError("sku", sku)
            part = uow.add(Part(0, sku, clean_text(name, "name", max_len=200), unit, fitting))
            self._record(uow, "part", part.id, "created", sku=sku, name=part.name)
            uow.commit()
        return part

    @allow(DESK, technician=LINKED)
    def list_parts(self) -> list[Part]:
        with self._uow(read_only=True) as uow:
            return uow.find(Part, order_by="sku")

    # --- technicians ---------------------------------------------------------------------------
    @allow(DESK)
    def create_technician(
        self,
        name: str,
        phone: str,
        department_id: int | None,
        skills: Sequence[str] = (),
        *,
        user_id: int | None = None,
        work_starts: time = time(8, 30),
        work_ends: time = time(17, 30),
        max_open_jobs: int = 5,
        status: TechnicianStatus | str = TechnicianStatus.OFF_DUTY,
        districts: Sequence[str] = (),
    ) -> Technician:
        """`districts`: the territory the technician covers; empty means anywhere."""
        if max_open_jobs < 1:
            raise ValidationError("max_open_jobs", "must be at least 1")
        tech = Technician(
            0,
            clean_text(name, "name", max_len=200),
            normalise_phone(phone, self.region),
            department_id,
            tuple(sorted({clean_text(s, "skills", max_len=40) for s in skills})),
            user_id=user_id,
            status=parse_enum(TechnicianStatus, status, "status"),
            work_starts=work_starts,
            work_ends=work_ends,
            max_open_jobs=max_open_jobs,
            districts=tuple(sorted({clean_text(d, "districts", max_len=80) for d in districts})),
        )
        with self._uow() as uow:
            if department_id is not None:
                uow.get(Department, department_id)
            uow.add(tech)
            self._record(
                uow,
                "technician",
                tech.id,
                "created",
                name=tech.name,
                skills=list(tech.skills),
                version=1,
            )
            uow.commit()
        return tech

    @allow(DESK)
    def list_technicians(self, department_id: int | None = None) -> list[Technician]:
        with self._uow(read_only=True) as uow:
            return uow.technicians(department_id)

    @allow(DESK, technician=OWN_RECORD)
    def get_technician(self, technician_id: int) -> Technician:
        with self._uow(read_only=True) as uow:
            return uow.get(Technician, technician_id)

    @allow(DESK, technician=OWN_RECORD)
    def set_technician_status(
        self, technician_id: int, expected_version: int, status: TechnicianStatus | str
    ) -> Technician:
        new = parse_enum(TechnicianStatus, status, "status")
        with self._uow() as uow:
            tech = uow.get(Technician, technician_id)
            old = tech.status
            tech.status = new
            uow.update(tech, check_version(expected_version))
            self._record(
                uow,
                "technician",
                technician_id,
                "status",
                changes={"status": [old.value, new.value]},
                version=tech.version,
            )
            uow.commit()
        return tech

    @allow(DESK)
    def report_positions(self, fixes: Sequence[Fix]) -> PositionReport:
        """A batch of fixes in one transaction (GPS devices, the technician's phone). Bad ones
        are refused one by one, with the reason; the rest are stored. Per technician only the
        newest fix of the batch can move the map, so only it is written."""
        report = PositionReport()
        newest: dict[int, tuple[int, Fix]] = {}
        for index, raw in enumerate(fixes):
            try:
                fix = checked_fix(raw)
            except ValidationError as exc:
                report.refused.append((index, str(exc)))
                continue
            kept = newest.get(fix.technician_id)
            if kept is None or kept[1].at < fix.at:
                newest[fix.technician_id] = (index, fix)
        with self._uow() as uow:
            known = uow.existing_ids(Technician, newest)
            for tech_id, (index, _fix) in newest.items():
                if tech_id not in known:
                    report.refused.append((index, f"technician {tech_id} does not exist"))
            batch = [fix for tech_id, (_i, fix) in newest.items() if tech_id in known]
            moved = set(uow.set_positions(batch))
            uow.append_events(
                self.actor.name,
                [
                    NewEvent("technician", str(f.technician_id), "position", {
                        "lat": f.lat, "lon": f.lon, "accuracy_m": f.accuracy_m,
                        "at": f.at.isoformat()})
                    for f in batch
                    if f.technician_id in moved
                ],
            )  # fmt: skip
            report.stored = len(moved)
            uow.commit()
        report.ignored = len(fixes) - report.stored - len(report.refused)
        return report

    @allow(SUPERVISORS)
    def set_technician_device(
        self, technician_id: int, expected_version: int, device_id: str | None
    ) -> Technician:
        """The id the technician's GPS tracker or app reports (an IMEI, Traccar Client's
        identifier); empty removes it. One device per technician, one technician per device:
        an id another technician has is refused (DuplicateError on "device_id")."""
        device = clean_device_id(device_id)
        with self._uow() as uow:
            tech = self._load(uow, Technician, technician_id, check_version(expected_version))
            if device is not None:
                holder = uow.find_one(Technician, device_id=device)
                if holder is not None and holder.id != technician_id:
                    raise DuplicateError("device_id", f"{device} (technician {holder.id})")
            if tech.device_id == device:
                return tech
            old, tech.device_id = tech.device_id, device
            # the unique constraint settles two admins giving one id at once (DuplicateError)
            uow.update(tech, tech.version)
            self._record(
                uow,
                "technician",
                technician_id,
                "device",
                changes={"device_id": [old, device]},
                version=tech.version,
            )
            uow.commit()
        return tech

    @allow(DESK)
    def technician_for_device(self, device_id: str) -> int | None:
        """The technician a GPS device reports for: the one given this device id, else the one
        whose phone number it is (as the Traccar Client app is often set up), else the one with
        this technician number."""
        device_id = device_id.strip()
        number = try_normalise_phone(device_id, self.region)
        with self._uow(read_only=True) as uow:
            if device_id and len(device_id) <= MAX_DEVICE_ID:
                given = uow.find_one(Technician, device_id=device_id)
                if given is not None:
                    return given.id
            if number is not None:
                found = uow.find_one(Technician, phone=number)
                if found is not None:
                    return found.id
            if device_id.isdigit() and len(device_id) <= 9:
                tech = uow.find_one(Technician, id=int(device_id))
                return tech.id if tech is not None else None
        return None

    @allow(DESK, technician=OWN_RECORD)
    def report_position(
        self,
        technician_id: int,
        lat: float,
        lon: float,
        accuracy_m: float | None,
        at: datetime,
    ) -> Technician:
        """A GPS fix. Older than the one we have: ignored (fixes arrive out of order)."""
        fix = checked_fix(Fix(technician_id, lat, lon, at, accuracy_m))
        flat, flon = fix.lat, fix.lon
        with self._uow() as uow:
            uow.get(Technician, technician_id)
            if uow.set_position(technician_id, flat, flon, accuracy_m, at):
                self._record(
                    uow,
                    "technician",
                    technician_id,
                    "position",
                    lat=flat,
                    lon=flon,
                    accuracy_m=accuracy_m,
                    at=at,
                )
            tech = uow.get(Technician, technician_id)
            uow.commit()
        return tech

    @allow(DESK)
    def set_van_stock(self, technician_id: int, part_id: int, quantity: int) -> list[StockLine]:
        if quantity < 0:
            raise ValidationError("quantity", "cannot be negative")
        with self._uow() as uow:
            tech = uow.get(Technician, technician_id)
            uow.get(Part, part_id)
            have = next((s.quantity for s in tech.van_stock if s.part_id == part_id), 0)
            uow.adjust_stock(StockChange(technician_id, part_id, quantity - have))
            self._record(
                uow, "technician", technician_id, "stock", part_id=part_id, quantity=quantity
            )
            stock = uow.get(Technician, technician_id).van_stock
            uow.commit()
        return stock

    # --- users ---------------------------------------------------------------------------------
    @allow(ADMINS)
    def create_user(
        self,
        username: str,
        display_name: str,
        role: Role | str,
        password: str,
        *,
        department_id: int | None = None,
        extension: str | None = None,
        email: str | None = None,
        mobile: str | None = None,
        language: str = "zh_CN",
    ) -> User:
        contact = _contact(email, mobile, language)
        return self._add_user(username, display_name, role, password, department_id, extension,
                              contact=contact)  # fmt: skip

    @allow(DESK)
    def set_user_contact(
        self,
        user_id: int,
        expected_version: int,
        email: str | None,
        mobile: str | None,
        language: str | None = None,
    ) -> User:
        """Where SLA alerts reach someone away from the console: an administrator sets it, or
        the person themselves. No language: the one they had."""
        with self._uow() as uow:
            user = uow.get(User, user_id)
            if self.actor.name != user.username:
                self._require_role("admin")
            before = (user.email, user.mobile, user.language)
            user.email, user.mobile, user.language = _contact(
                email, mobile, language or user.language
            )
            uow.update(user, expected_version)
            changed = [f for f, old, new in zip(("email", "mobile", "language"), before,
                                                (user.email, user.mobile, user.language),
                                                strict=True) if old != new]  # fmt: skip
            self._record(uow, "user", user.id, "contact_changed", changed=changed)
            uow.commit()
        return user

    @anyone("the first run asks it before anyone can sign in")
    def setup_needed(self) -> bool:
        """True while no user exists: the console then offers to create the first administrator."""
        with self._uow(read_only=True) as uow:
            return not uow.find(User, limit=1)

    @anyone("only while there is no user at all (it refuses after)")
    def create_first_admin(self, username: str, display_name: str, password: str) -> User:
        """The first administrator of a new database; refused once any user exists."""
        return self._add_user(username, display_name, Role.ADMIN, password, first=True)

    def _add_user(
        self,
        username: str,
        display_name: str,
        role: Role | str,
        password: str,
        department_id: int | None = None,
        extension: str | None = None,
        *,
        first: bool = False,
        contact: tuple[str | None, str | None, str] = (None, None, "zh_CN"),
    ) -> User:
        username = clean_text(username, "username", max_len=80)
        if not re.fullmatch(r"[A-Za-z0-9_.@-]+", username):
            raise ValidationError("username", "letters, digits and . _ @ - only")
        if (problem := policy_problem(password or "", username)) is not None:
            raise ValidationError("password", problem)
        user = User(
            0,
            username,
            clean_text(display_name, "display_name", max_len=200),
            parse_enum(Role, role, "role"),
            department_id,
            extension or None,
            email=contact[0],
            mobile=contact[1],
            language=contact[2],
        )
        with self._uow() as uow:
            if first:  # two first administrators at once: the second finds the first
                uow.serialize()
            if first and uow.find(User, limit=1):
                raise PermissionDenied("this database already has users: sign in instead")
            if uow.find_one(User, username=username):
                raise DuplicateError("username", username)
            uow.add(user)
            uow.set_password_hash(user.id, hash_password(password))
            self._record(uow, "user", user.id, "created", username=username, role=user.role.value)
            uow.commit()
        return user


def _contact(
    email: str | None, mobile: str | None, language: str | None
) -> tuple[str | None, str | None, str]:
    given = (mobile or "").strip()
    number = normalise_phone(given, field="mobile") if given else None
    if number is not None and not textable(number):
        raise ValidationError("mobile", f"{number} is a landline: texts cannot reach it")
    return clean_email(email), number, check_language(language)
