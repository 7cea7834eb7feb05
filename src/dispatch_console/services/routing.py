"""Routing rules: kept and checked (supervisors and administrators edit them), and applied to
every new ticket inside the transaction that creates it. The compiled rule book is shared by
every use-case object of a database and rebuilt only when a rule changes."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime

from ..domain.enums import Priority
from ..domain.errors import ValidationError
from ..domain.model import Asset, Company, Contract, Customer, Department, Site, User
from ..domain.rules.engine import RuleBook
from ..domain.rules.model import Routing, RoutingRule, TicketFacts
from ..domain.rules.validation import check_rule
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .base import UseCases
from .policy import DESK, SUPERVISORS, allow

_lock = threading.Lock()


class RoutingUseCases(UseCases):
    # --- the rules -----------------------------------------------------------------------------
    @allow(DESK)
    def routing_rules(self) -> list[RoutingRule]:
        """Every rule, in the order they apply."""
        with self._uow(read_only=True) as uow:
            return sorted(uow.find(RoutingRule), key=lambda r: (r.position, r.id))

    @allow(SUPERVISORS)
    def save_routing_rule(self, rule: RoutingRule) -> RoutingRule:
        """A new rule (id 0) or a changed one (its version as read). Refused, saying why, if it
        could never match, would loop between departments, or names what does not exist."""
        rule = replace(rule, name=rule.name.strip())
        with self._uow() as uow:
            uow.serialize()  # checked against the others: one editor at a time
            others = uow.find(RoutingRule)
            check_rule(rule, others)
            self._check_references(uow, rule)
            if rule.id == 0:
                saved = uow.add(replace(rule, version=1))
                kind = "created"
            else:
                current = self._load(uow, RoutingRule, rule.id, rule.version)
                saved = replace(rule, version=current.version)
                uow.update(saved, current.version)
                kind = "updated"
            self._record(uow, "routing_rule", saved.id, kind, name=saved.name,
                         position=saved.position, enabled=saved.enabled)  # fmt: skip
            uow.commit()
        return saved

    @allow(SUPERVISORS)
    def delete_routing_rule(self, rule_id: int, expected_version: int) -> None:
        with self._uow() as uow:
            uow.serialize()
            rule = self._load(uow, RoutingRule, rule_id, expected_version)
            uow.delete(rule)
            self._record(uow, "routing_rule", rule_id, "deleted", name=rule.name)
            uow.commit()

    def _check_references(self, uow: UnitOfWork, rule: RoutingRule) -> None:
        ids = set(rule.conditions.department_ids)
        if rule.actions.department_id is not None:
            ids.add(rule.actions.department_id)
        known = {d.id for d in uow.find(Department)}
        missing = sorted(ids - known)
        if missing:
            raise ValidationError("department_id", f"no department {missing[0]}")
        for kind, field, wanted in (
            (Company, "company_ids", rule.conditions.company_ids),
            (Contract, "contract_ids", rule.conditions.contract_ids),
        ):
            unknown = sorted(set(wanted) - uow.existing_ids(kind, wanted))
            if unknown:
                raise ValidationError(field, f"no {kind.__name__.lower()} {unknown[0]}")
        for name in rule.actions.watchers:
            if uow.find_one(User, username=name) is None:
                raise ValidationError("watchers", f"no user {name!r}")


class TicketRouting(UseCases):
    """Applying the rules to new tickets (tickets and chat use it, and auto-dispatch)."""

    def book(self, uow: UnitOfWork) -> RuleBook:
        """Compiled once per change of the rules (a rule's version moves on any edit)."""
        versions = sorted(uow.rule_versions())
        with _lock:
            cached = self._shared.get("rule_book")
            if cached is not None and cached[0] == versions:
                return cached[1]  # type: ignore[no-any-return]
        book = RuleBook(uow.find(RoutingRule) if versions else [], self.desk.timezone)
        with _lock:
            self._shared["rule_book"] = (versions, book)
        return book

    def route(self, uow: UnitOfWork, ticket: Ticket, at: datetime) -> Routing:
        """Apply the rules to a new ticket (not yet stored): its department, priority, SLA
        class, required skills and watchers. What matched is recorded by `explain`."""
        book = self.book(uow)
        if not len(book):
            return Routing(ticket.department_id, ticket.priority)
        routing = book.route(self.facts(uow, ticket, at))
        ticket.department_id = routing.department_id
        ticket.priority = Priority(routing.priority)
        if routing.sla_class is not None:
            ticket.sla_class = routing.sla_class
        ticket.required_skills = tuple(routing.required_skills)
        ticket.watchers = tuple(routing.watchers)
        return routing

    def facts(self, uow: UnitOfWork, ticket: Ticket, at: datetime) -> TicketFacts:
        company_id = contract_id = None
        model = lat = lon = None
        if ticket.customer_id is not None:
            company_id = uow.get(Customer, ticket.customer_id).company_id
        if ticket.asset_id is not None:
            asset = uow.get(Asset, ticket.asset_id)
            model, contract_id = asset.model, asset.contract_id
        if ticket.site_id is not None:
            site = uow.get(Site, ticket.site_id)
            lat, lon = site.lat, site.lon
            company_id = company_id or site.company_id
        return TicketFacts(
            channel=ticket.channel, category=ticket.category, priority=ticket.priority, at=at,
            customer_id=ticket.customer_id, company_id=company_id, contract_id=contract_id,
            asset_model=model, department_id=ticket.department_id, lat=lat, lon=lon,
        )  # fmt: skip

    def explain(self, uow: UnitOfWork, ticket: Ticket, routing: Routing) -> None:
        """The timeline's account of what the rules did (nothing when none matched)."""
        if not routing.matched:
            return
        self._record(
            uow, "ticket", ticket.id, "routed",
            rules=[{"id": i, "name": n} for i, n in routing.matched],
            department_id=ticket.department_id, priority=ticket.priority.value,
            department=(uow.get(Department, ticket.department_id).name
                        if ticket.department_id is not None else None),
            sla_class=ticket.sla_class.value, skills=list(ticket.required_skills),
            watchers=list(ticket.watchers), auto_dispatch=routing.auto_dispatch,
            auto_dispatch_within=routing.auto_dispatch_within if routing.auto_dispatch else None,
        )  # fmt: skip
