"""Use cases, one class per feature, composed: `Services` builds them over any UnitOfWork and
implements the Backend protocol by delegating each use case to its feature (docs/architecture.md,
"The service layer in detail"; "Walk-through: adding a use case")."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from ..domain.desk_zone import DeskZone
from ..domain.phones import DialPlan
from ..ports import Actor, ChangeFeed, Clock, UnitOfWork, UnitOfWorkFactory
from .base import Context, SystemClock
from .board import BoardUseCases
from .call_agents import CallAgentUseCases
from .callbacks import CallbackUseCases
from .calls import CallUseCases
from .chat import ChatUseCases
from .credentials import CredentialUseCases
from .customers import CustomerUseCases
from .dispatch import DispatchUseCases
from .escalations import EscalationUseCases
from .feed import FeedUseCases
from .fieldwork import FieldUseCases
from .notices import NoticeUseCases
from .notifications import NotificationUseCases
from .reactions import Reactions, Recorded, reacting
from .root import via
from .routing import RoutingUseCases, TicketRouting
from .running_late import RunningLateUseCases
from .schedule import ScheduleUseCases
from .selfservice import SelfServiceUseCases
from .ticket_changes import TicketChanges
from .tickets import TicketUseCases
from .tokens import RequestKeyUseCases, TokenUseCases
from .workforce import WorkforceUseCases


class Services:
    """Every use case, acting for one actor. Build one per user session (or per request)."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        feed: ChangeFeed,
        actor: Actor,
        *,
        clock: Clock | None = None,
        region: str = "CN",
        shared: dict[str, Any] | None = None,
        dial_plan: DialPlan | None = None,
        reactions: Reactions | None = None,
        nested: bool = False,
        desk: DeskZone | None = None,
    ) -> None:
        from .wiring import standard_reactions  # the handlers import the use cases

        self._store_uow = uow
        self._reactions = reactions if reactions is not None else standard_reactions()
        self.actor = actor
        self.region = region
        # the desk's time zone and holidays: appointments of departments without hours
        self.desk = desk or DeskZone()
        # how the desk's PBX writes numbers (area code, trunk prefixes): caller IDs and look-ups
        self.dial_plan = dial_plan or DialPlan()
        # every unit of work a use case opens lets the reactions run before it commits; the
        # caches of the database's settings are shared by every copy acting for someone else
        ctx = self.context = Context(
            reacting(uow, self._react), feed, actor, clock or SystemClock(), region,
            self.dial_plan, {} if shared is None else shared, self.desk, nested,
        )  # fmt: skip
        self.ticket_routing = TicketRouting(ctx)
        changes = TicketChanges(ctx, self.ticket_routing)
        self.tickets = TicketUseCases(ctx, changes)
        self.routing = RoutingUseCases(ctx)
        self.dispatch = DispatchUseCases(ctx)
        self.fieldwork = FieldUseCases(ctx, changes)
        self.running_late = RunningLateUseCases(ctx)
        self.callbacks = CallbackUseCases(ctx, changes)
        self.calls = CallUseCases(ctx)
        self.call_agents = CallAgentUseCases(ctx)
        self.chat = ChatUseCases(ctx, changes)
        self.customers = CustomerUseCases(ctx)
        self.workforce = WorkforceUseCases(ctx)
        self.credentials = CredentialUseCases(ctx)
        self.tokens = TokenUseCases(ctx, self.credentials)
        self.request_keys = RequestKeyUseCases(ctx)
        self.notifications = NotificationUseCases(ctx)
        self.notices = NoticeUseCases(ctx)
        self.feed = FeedUseCases(ctx)
        self.board = BoardUseCases(ctx, self.dispatch, self.tickets, self.callbacks)
        self.escalations = EscalationUseCases(ctx, self)
        self.schedule = ScheduleUseCases(ctx, changes)
        self.selfservice = SelfServiceUseCases(
            ctx, self.tickets, self.fieldwork, self.schedule,
            lambda uow: self.within(uow).tickets,
        )  # fmt: skip

    def as_actor(self, actor: Actor) -> Self:
        """The same services acting for someone else (the server builds one per request)."""
        return type(self)(
            self._store_uow, self.context.feed, actor, clock=self.context.clock,
            region=self.region, shared=self.context.shared, dial_plan=self.dial_plan,
            reactions=self._reactions, desk=self.desk, nested=self.context.nested,
        )  # fmt: skip

    def within(self, uow: UnitOfWork) -> Self:
        """The same services, every use case a savepoint of `uow`'s transaction: one request,
        one commit (what it wrote and the record of its answer together, or nothing)."""
        return type(self)(
            uow.savepoints(), self.context.feed, self.actor, clock=self.context.clock,
            region=self.region, shared=self.context.shared, dial_plan=self.dial_plan,
            reactions=self._reactions, desk=self.desk, nested=True,
        )  # fmt: skip

    def open_unit_of_work(self) -> UnitOfWork:
        """A transaction for `within` (the server's Idempotency-Key handling)."""
        return self.context.uow()

    def now(self) -> datetime:
        """The clock the use cases read (the server compares token expiry against it)."""
        return self.context.now()

    def _react(self, uow: UnitOfWork, event: Recorded) -> None:
        self._reactions.run(self, uow, event)

    # --- the use cases, by feature ---------------------------------------------------------
    # (the ignores: mypy fears a `**values` key named "self"; the signature is checked by
    # tests/test_backend_protocol.py)
    create_ticket = via("tickets", TicketUseCases.create_ticket)
    update_ticket = via("tickets", TicketUseCases.update_ticket)  # type: ignore[arg-type]
    get_ticket = via("tickets", TicketUseCases.get_ticket)
    search_tickets = via("tickets", TicketUseCases.search_tickets)
    ticket_rows = via("tickets", TicketUseCases.ticket_rows)
    ticket_history = via("tickets", TicketUseCases.ticket_history)
    transition = via("tickets", TicketUseCases.transition)
    assign = via("tickets", TicketUseCases.assign)
    transfer = via("tickets", TicketUseCases.transfer)

    routing_rules = via("routing", RoutingUseCases.routing_rules)
    save_routing_rule = via("routing", RoutingUseCases.save_routing_rule)
    delete_routing_rule = via("routing", RoutingUseCases.delete_routing_rule)

    dispatch_job = via("dispatch", DispatchUseCases.dispatch_job)
    fleet = via("dispatch", DispatchUseCases.fleet)
    ticket_pins = via("dispatch", DispatchUseCases.ticket_pins)
    ticket_pins_of = via("dispatch", DispatchUseCases.ticket_pins_of)
    rank_technicians = via("dispatch", DispatchUseCases.rank_technicians)

    add_comment = via("fieldwork", FieldUseCases.add_comment)
    attach = via("fieldwork", FieldUseCases.attach)
    attach_file = via("fieldwork", FieldUseCases.attach_file)
    attachment_data = via("fieldwork", FieldUseCases.attachment_data)
    check_in = via("fieldwork", FieldUseCases.check_in)
    log_work = via("fieldwork", FieldUseCases.log_work)
    consume_part = via("fieldwork", FieldUseCases.consume_part)
    report_running_late = via("running_late", RunningLateUseCases.report_running_late)

    schedule_callback = via("callbacks", CallbackUseCases.schedule_callback)
    list_callbacks = via("callbacks", CallbackUseCases.list_callbacks)
    callback_queue = via("callbacks", CallbackUseCases.callback_queue)
    claim_callback = via("callbacks", CallbackUseCases.claim_callback)
    release_callback = via("callbacks", CallbackUseCases.release_callback)
    record_callback = via("callbacks", CallbackUseCases.record_callback)
    record_callback_with_suggestions = via(
        "callbacks", CallbackUseCases.record_callback_with_suggestions
    )
    redispatch_suggestions = via("callbacks", CallbackUseCases.redispatch_suggestions)
    review_callbacks = via("callbacks", CallbackUseCases.review_callbacks)
    reassign_callback = via("callbacks", CallbackUseCases.reassign_callback)
    callback_stats = via("callbacks", CallbackUseCases.callback_stats)
    callback_rules = via("callbacks", CallbackUseCases.callback_rules)
    save_callback_rule = via("callbacks", CallbackUseCases.save_callback_rule)

    lookup_caller = via("calls", CallUseCases.lookup_caller)
    record_call_event = via("calls", CallUseCases.record_call_event)
    link_call = via("calls", CallUseCases.link_call)
    list_calls = via("calls", CallUseCases.list_calls)

    match_call_agents = via("call_agents", CallAgentUseCases.match_call_agents)

    receive_chat = via("chat", ChatUseCases.receive_chat)
    list_conversations = via("chat", ChatUseCases.list_conversations)
    get_conversation = via("chat", ChatUseCases.get_conversation)
    set_chat_customer = via("chat", ChatUseCases.set_chat_customer)
    ticket_from_chat = via("chat", ChatUseCases.ticket_from_chat)
    link_chat = via("chat", ChatUseCases.link_chat)

    create_customer = via("customers", CustomerUseCases.create_customer)  # type: ignore[arg-type]
    update_customer = via("customers", CustomerUseCases.update_customer)  # type: ignore[arg-type]
    add_customer_phone = via("customers", CustomerUseCases.add_customer_phone)
    get_customer = via("customers", CustomerUseCases.get_customer)
    search_customers = via("customers", CustomerUseCases.search_customers)
    create_company = via("customers", CustomerUseCases.create_company)
    create_contract = via("customers", CustomerUseCases.create_contract)
    list_contracts = via("customers", CustomerUseCases.list_contracts)
    create_site = via("customers", CustomerUseCases.create_site)
    create_asset = via("customers", CustomerUseCases.create_asset)
    find_asset = via("customers", CustomerUseCases.find_asset)
    get_site = via("customers", CustomerUseCases.get_site)
    get_asset = via("customers", CustomerUseCases.get_asset)
    list_sites = via("customers", CustomerUseCases.list_sites)
    list_assets = via("customers", CustomerUseCases.list_assets)

    create_department = via("workforce", WorkforceUseCases.create_department)
    list_users = via("workforce", WorkforceUseCases.list_users)
    list_departments = via("workforce", WorkforceUseCases.list_departments)
    create_part = via("workforce", WorkforceUseCases.create_part)
    list_parts = via("workforce", WorkforceUseCases.list_parts)
    create_technician = via("workforce", WorkforceUseCases.create_technician)
    list_technicians = via("workforce", WorkforceUseCases.list_technicians)
    get_technician = via("workforce", WorkforceUseCases.get_technician)
    set_technician_status = via("workforce", WorkforceUseCases.set_technician_status)
    report_positions = via("workforce", WorkforceUseCases.report_positions)
    set_technician_device = via("workforce", WorkforceUseCases.set_technician_device)
    technician_for_device = via("workforce", WorkforceUseCases.technician_for_device)
    report_position = via("workforce", WorkforceUseCases.report_position)
    set_van_stock = via("workforce", WorkforceUseCases.set_van_stock)
    create_user = via("workforce", WorkforceUseCases.create_user)
    set_user_contact = via("workforce", WorkforceUseCases.set_user_contact)
    setup_needed = via("workforce", WorkforceUseCases.setup_needed)
    create_first_admin = via("workforce", WorkforceUseCases.create_first_admin)

    authenticate = via("credentials", CredentialUseCases.authenticate)
    check_password = via("credentials", CredentialUseCases.check_password)
    change_password = via("credentials", CredentialUseCases.change_password)
    reset_password = via("credentials", CredentialUseCases.reset_password)
    unlock_sign_in = via("credentials", CredentialUseCases.unlock_sign_in)
    take_allowance = via("credentials", CredentialUseCases.take_allowance)
    give_back_allowance = via("credentials", CredentialUseCases.give_back_allowance)
    purge_throttles = via("credentials", CredentialUseCases.purge_throttles)

    sign_in = via("tokens", TokenUseCases.sign_in)
    create_integration_token = via("tokens", TokenUseCases.create_integration_token)
    actor_for_token = via("tokens", TokenUseCases.actor_for_token)
    revoke_token = via("tokens", TokenUseCases.revoke_token)
    list_tokens = via("tokens", TokenUseCases.list_tokens)

    claim_request_key = via("request_keys", RequestKeyUseCases.claim_request_key)
    finish_request_key = via("request_keys", RequestKeyUseCases.finish_request_key)
    drop_request_key = via("request_keys", RequestKeyUseCases.drop_request_key)
    purge_request_keys = via("request_keys", RequestKeyUseCases.purge_request_keys)

    list_notifications = via("notifications", NotificationUseCases.list_notifications)
    resend_notification = via("notifications", NotificationUseCases.resend_notification)
    optout_known = via("notifications", NotificationUseCases.optout_known)
    opt_out_by_link = via("notifications", NotificationUseCases.opt_out_by_link)
    claim_notifications = via("notifications", NotificationUseCases.claim_notifications)
    record_delivery = via("notifications", NotificationUseCases.record_delivery)

    recent_notices = via("notices", NoticeUseCases.recent_notices)

    events_after = via("feed", FeedUseCases.events_after)
    wait_for_events = via("feed", FeedUseCases.wait_for_events)
    wait_for_changes = via("feed", FeedUseCases.wait_for_changes)
    last_event_id = via("feed", FeedUseCases.last_event_id)

    live_board = via("board", BoardUseCases.live_board)

    asset_card = via("selfservice", SelfServiceUseCases.asset_card)
    report_fault = via("selfservice", SelfServiceUseCases.report_fault)
    report_status = via("selfservice", SelfServiceUseCases.report_status)
    request_customer_callback = via("selfservice", SelfServiceUseCases.request_customer_callback)
    visit_windows = via("selfservice", SelfServiceUseCases.visit_windows)
    reschedule_windows = via("selfservice", SelfServiceUseCases.reschedule_windows)
    request_reschedule = via("selfservice", SelfServiceUseCases.request_reschedule)

    escalate_due = via("escalations", EscalationUseCases.escalate_due)

    set_appointment = via("schedule", ScheduleUseCases.set_appointment)
    place_visit = via("schedule", ScheduleUseCases.place_visit)
    unplan_visit = via("schedule", ScheduleUseCases.unplan_visit)
    schedule_board = via("schedule", ScheduleUseCases.schedule_board)
    earliest_slots = via("schedule", ScheduleUseCases.earliest_slots)
    offered_windows = via("schedule", ScheduleUseCases.offered_windows)
    department_hours = via("schedule", ScheduleUseCases.department_hours)
    set_department_hours = via("schedule", ScheduleUseCases.set_department_hours)
    technician_hours = via("schedule", ScheduleUseCases.technician_hours)
    set_technician_hours = via("schedule", ScheduleUseCases.set_technician_hours)
    list_absences = via("schedule", ScheduleUseCases.list_absences)
    add_absence = via("schedule", ScheduleUseCases.add_absence)
    remove_absence = via("schedule", ScheduleUseCases.remove_absence)


__all__ = ["Services"]
