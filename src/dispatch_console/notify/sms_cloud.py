"""What the Aliyun and Tencent senders share: an approved template filled for each
notification, the provider's error codes said in words and sorted into "try again" and "give
up", and the check that keeps a text single across a crash.

Neither provider drops a repeated request: OutId (Aliyun) and SessionContext (Tencent) carry
our key, but only as a label echoed back in the send records. So before sending again a
notification that was claimed before (attempts > 1: the last sender may have died after the
provider took it), the sender asks the provider for that number's records and looks for our
key; found, the notification is recorded sent without a second text."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import requests

from ..domain.notifications import Delivery, Notification
from .links import visit_link
from .settings import NotifySettings
from .sms_templates import Filled, TemplateBook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """One provider answer: the reference on success, else its code and message."""

    ok: bool
    ref: str | None = None
    code: str = ""
    message: str = ""


class TemplateSmsSender(ABC):
    provider = ""  # "Aliyun" / "Tencent", in the reasons the desk reads
    words: ClassVar[dict[str, str]] = {}  # a code's meaning in plain words
    give_up: tuple[str, ...] = ()  # codes (or prefixes ending in ".") never worth a retry

    def __init__(self, settings: NotifySettings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.session = session or requests.Session()
        self.templates = settings.sms_templates or TemplateBook()
        missing = self.templates.missing()
        if missing:  # said once at start, and again on each notification of that kind
            log.warning(
                "%s SMS: no approved template for %s: those notifications will fail, not go "
                "out as free text", self.provider, ", ".join(m.value for m in missing),
            )  # fmt: skip

    def send(self, notification: Notification) -> Delivery:
        link = visit_link(notification, self.settings.public_url) or self.settings.public_url
        filled = self.templates.fill(notification, self.settings.desk_name, link)
        if isinstance(filled, str):
            return Delivery(False, error=filled, permanent=True)
        try:
            if notification.attempts > 1:
                ref = self.already_sent(notification)
                if ref is not None:
                    return Delivery(True, provider_ref=ref)
            outcome = self.request(notification, filled)
        except requests.RequestException as exc:
            return Delivery(False, error=f"{self.provider} SMS unreachable: {type(exc).__name__}")
        except (ValueError, KeyError, TypeError) as exc:  # an answer that is not their JSON
            return Delivery(False, error=f"{self.provider} SMS: unreadable answer ({exc})")
        if outcome.ok:
            return Delivery(True, provider_ref=outcome.ref)
        return Delivery(False, error=self.reason(outcome), permanent=self.permanent(outcome.code))

    def reason(self, o: Outcome) -> str:
        meaning = self.words.get(o.code)
        said = f"{o.code}: {o.message}" if o.message else o.code
        return f"{self.provider} {said}" + (f" ({meaning})" if meaning else "")

    def permanent(self, code: str) -> bool:
        """Unknown codes are tried again: a text late is better than a text lost."""
        return any(code == c or (c.endswith(".") and code.startswith(c)) for c in self.give_up)

    @abstractmethod
    def request(self, n: Notification, filled: Filled) -> Outcome:
        """One send request; raises requests.RequestException when nothing came back."""

    @abstractmethod
    def already_sent(self, n: Notification) -> str | None:
        """The provider's reference of an earlier send under this notification's key."""
