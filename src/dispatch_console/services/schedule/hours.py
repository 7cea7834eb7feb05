"""Working hours and absences as supervisors keep them: each change recorded for the boards
(which technicians' days changed)."""

from __future__ import annotations

from datetime import datetime

from ...domain.enums import parse_enum
from ...domain.errors import NotFound, ValidationError
from ...domain.model import Department, Technician
from ...domain.schedule import (
    Absence,
    AbsenceKind,
    DepartmentHours,
    TechnicianHours,
    WeeklyHours,
)
from ...domain.schedule.booking import AbsenceAdded
from ...ports import UnitOfWork
from ..base import Context, clean_text
from .loading import aware, department_zone


def _week(week: object) -> WeeklyHours:
    if not isinstance(week, WeeklyHours):
        raise ValidationError("week", "give a week of seven days (Monday first)")
    return week


def department_hours(uow: UnitOfWork, department_id: int) -> DepartmentHours | None:
    uow.get(Department, department_id)
    return uow.working_hours((), (department_id,))[1].get(department_id)


def _stale(uow: UnitOfWork, record: object, expected_version: int | None) -> None:
    """A version given that is not the stored one: the usual conflict, naming the change."""
    if expected_version is not None and getattr(record, "version") != expected_version:  # noqa: B009
        uow.update(record, expected_version)  # raises ConflictError


def set_department_hours(
    uow: UnitOfWork,
    ctx: Context,
    department_id: int,
    week: WeeklyHours,
    timezone: str,
    holiday_region: str,
    expected_version: int | None,
) -> DepartmentHours:
    uow.get(Department, department_id, lock=True)
    # the checks of the record itself (zone, region) before anything is written
    wanted = DepartmentHours(0, department_id, _week(week), timezone, holiday_region)
    current = uow.working_hours((), (department_id,))[1].get(department_id)
    if current is None:
        saved = uow.add(wanted)
    else:
        _stale(uow, current, expected_version)
        version = current.version
        current.week, current.timezone = wanted.week, wanted.timezone
        current.holiday_region = wanted.holiday_region
        saved = uow.update(current, version)
    ctx.record(
        uow, "department", department_id, "hours_set", version=saved.version,
        timezone=saved.timezone, holiday_region=saved.holiday_region,
    )  # fmt: skip
    return saved


def set_technician_hours(
    uow: UnitOfWork,
    ctx: Context,
    technician_id: int,
    week: WeeklyHours | None,
    expected_version: int | None,
) -> TechnicianHours | None:
    uow.get(Technician, technician_id, lock=True)  # their day changes: bookings wait
    current = uow.working_hours((technician_id,), ())[0].get(technician_id)
    if current is not None:
        _stale(uow, current, expected_version)
    saved: TechnicianHours | None
    if week is None:
        if current is None:
            return None
        uow.delete(current)
        saved = None
    elif current is None:
        saved = uow.add(TechnicianHours(0, technician_id, _week(week)))
    else:
        version = current.version
        current.week = _week(week)
        saved = uow.update(current, version)
    ctx.record(
        uow, "technician", technician_id, "hours_set",
        version=None if saved is None else saved.version, removed=saved is None,
    )  # fmt: skip
    return saved


def add_absence(
    uow: UnitOfWork,
    ctx: Context,
    technician_id: int,
    kind: AbsenceKind | str,
    starts_at: datetime,
    ends_at: datetime,
    note: str,
) -> AbsenceAdded:
    what = parse_enum(AbsenceKind, kind, "kind")
    start, end = aware(starts_at, "starts_at"), aware(ends_at, "ends_at")
    text = clean_text(note, "note", max_len=400, required=False)
    tech = uow.get(Technician, technician_id, lock=True)  # their day changes: bookings wait
    _refuse_overlap(uow, ctx, tech, start, end)
    absence = uow.add(Absence(0, technician_id, what, start, end, text, ctx.actor.name, ctx.now()))
    clashes = uow.planned_jobs((technician_id,), start, end).get(technician_id, [])
    clashing = [j.ticket_id for j in clashes if j.starts_at < end and j.ends_at > start]
    ctx.record(
        uow, "technician", technician_id, "absence_added", absence_id=absence.id,
        absence_kind=what.value, starts_at=start, ends_at=end, overlapping_ticket_ids=clashing,
    )  # fmt: skip
    return AbsenceAdded(absence, uow.ticket_rows(clashing) if clashing else [])


def _refuse_overlap(
    uow: UnitOfWork, ctx: Context, tech: Technician, start: datetime, end: datetime
) -> None:
    """The same leave entered twice (or one over another) would count twice on the board and
    need removing twice: refuse it, naming the absence already there in the desk's time.
    Under the technician's lock, so two supervisors entering it at once cannot both pass."""
    found = uow.absences_between((tech.id,), start, end).get(tech.id, [])
    if not found:
        return
    first = found[0]
    zone, _, _ = department_zone(uow, tech.department_id, ctx.desk)
    a, b = first.starts_at.astimezone(zone), first.ends_at.astimezone(zone)
    until = f"{b:%H:%M}" if a.date() == b.date() else f"{b:%m-%d %H:%M}"
    raise ValidationError(
        "absence.starts_at",
        f"{tech.name} already has {first.kind.value} {a:%m-%d %H:%M}–{until} "
        f"(absence {first.id}) overlapping it; change or remove that one instead",
    )


def remove_absence(uow: UnitOfWork, ctx: Context, absence_id: int, expected_version: int) -> None:
    absence = uow.find_one(Absence, id=absence_id)
    if absence is None:
        raise NotFound("absence", absence_id)
    uow.get(Technician, absence.technician_id, lock=True)
    _stale(uow, absence, expected_version)
    uow.delete(absence)
    ctx.record(
        uow, "technician", absence.technician_id, "absence_removed", absence_id=absence.id,
        absence_kind=absence.kind.value, starts_at=absence.starts_at, ends_at=absence.ends_at,
    )  # fmt: skip
