"""The technician's page, `/t/`: one page that signs in with the technician's console password
and then works through the REST API with their token (what a technician may do is checked there,
on every call). Its words are rendered into the page for its script, in the phone's language."""

from __future__ import annotations

import json

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from ...domain.enums import TicketStatus
from .pages import Pages
from .words import CATEGORY_WORDS, translator

SCRIPT_WORDS = (
    "Wrong user name or password.", "This account is not a technician's.",
    "No network. Try again.", "Not accepted: %s", "Saved on the phone; it will be sent.",
    "Offline: %d action(s) waiting; they are sent when the network is back.", "Call",
    "Navigate", "Other map app", "Checked in at %s", "Accept", "Accepted.", "Decline",
    "Why do you decline?", "Declined.", "On my way", "Sent.", "Check in", "Start work",
    "Location is not available: %s", "Locating…", "Checked in (±%d m).",
    "You are %s m from the site. Why do you check in here?", "Work logged.", "Photo added.",
    "in the van: %d", "Part recorded.", "Please write the summary.",
    "Please ask the customer to sign.", "Resolved. Thank you!", "Photos: %d · Parts: %d",
    "The phone's storage is full: find network to send what waits.",
    "%d action(s) are not sent yet; they go when you sign in again. Sign out?",
    "This job is no longer yours.", "Only the desk can do that.", "Check in first.",
    "Your van has only %s of this part.",
    "Someone changed this job meanwhile; it is shown as it is now.",
    "The phone's clock is wrong: set it to the network time.",
    "Respond by %s", "Arrive by %s", "Resolve by %s", "Late: %s",
    "Today", "Tomorrow", "Not scheduled", "Window %s", "Arrive %s", "Planned %s", "Running late",
    "How late will you be?", "%d min", "Cancel", "The customer and the desk are told.",
)  # fmt: skip
STATUS_WORDS = {
    "new": "New", "assigned": "Assigned", "accepted": "Accepted", "en_route": "On the way",
    "on_site": "On site", "in_progress": "Working", "on_hold": "On hold",
    "resolved": "Resolved", "closed": "Closed", "reopened": "Reopened",
    "cancelled": "Cancelled",
}  # fmt: skip
assert set(STATUS_WORDS) == {s.value for s in TicketStatus}


def add_technician_page(app: FastAPI, pages: Pages) -> None:
    @app.get("/t", include_in_schema=False)
    def to_page() -> Response:
        return RedirectResponse("/t/", 308)

    @app.get("/t/", include_in_schema=False)
    def technician_page(request: Request) -> Response:
        tr = translator(pages.language(request))
        words = {w: tr(w) for w in SCRIPT_WORDS}
        words.update({f"status.{k}": tr(v) for k, v in STATUS_WORDS.items()})
        words.update({f"category.{k}": tr(v) for k, v in CATEGORY_WORDS.items()})
        words["zone"] = pages.config.timezone  # visits' times on the desk's clock
        # "</" cannot close the script element the words sit in
        encoded = json.dumps(words, ensure_ascii=False).replace("</", "<\\/")
        return pages.render(request, "tech.html", title=tr("My jobs"), words_json=encoded)
