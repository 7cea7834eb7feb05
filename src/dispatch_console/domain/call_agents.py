"""Who a PBX means when it names an agent.

Generic CTI scripts (Zammad's schema, sipgate.io's push API) name the agents a call rings or
reached by a person's name (`user[]=Emma Taylor`), a login, an e-mail address
(`answeringNumber=emma@chrispresso.com`) or a number. The call log and the console pop-up need
the agent's *extension*, so each name is matched to a user; a name that matches nobody is kept
beside the call in the log, never stored as if it were an extension."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

How = Literal[
    "extension", "login", "e-mail", "name", "mobile", "as given", "no extension", "unknown"
]

# A desk phone's extension as PBXs number them: a few digits, sometimes with * or #. Anything
# longer is a full phone number (a call forwarded to a mobile), anything with letters a name.
_EXTENSION = re.compile(r"[0-9*#]{1,8}")
# sipgate.io and Zammad name the voicemail box as the one who answered (`user=voicemail`)
VOICEMAIL = "voicemail"


@dataclass(frozen=True, slots=True)
class AgentMatch:
    given: str  # what the PBX sent
    extension: str | None  # what the call log records; None: nobody whose console can pop
    username: str | None = None  # the user it named, if any
    how: How = "unknown"

    @property
    def known(self) -> bool:
        return self.username is not None or self.how == "as given"


def looks_like_extension(text: str) -> bool:
    return _EXTENSION.fullmatch(text) is not None


def unmatched(given: str) -> AgentMatch:
    """A name no user has: an extension-shaped one is a desk phone without a user (kept as the
    extension, as AMI and ESL do); anything else is only a name."""
    if looks_like_extension(given):
        return AgentMatch(given, given, None, "as given")
    return AgentMatch(given, None, None, "unknown")


def literal_matches(names: list[str]) -> list[AgentMatch]:
    """With no user list at hand (a listener nobody gave a backend): extensions only."""
    return [unmatched(name) for name in names]


def is_voicemail(name: str | None) -> bool:
    return (name or "").strip().lower() == VOICEMAIL
