"""Matching the agents a PBX names (a login, a person's name, an e-mail, a number) to users, so
that a call is logged under the extension of the user whose console must pop. One use case for
every entry point: the server's CTI webhook and the console's loopback listener ask the same."""

from __future__ import annotations

from ..domain.call_agents import AgentMatch, How, unmatched
from ..domain.errors import ValidationError
from ..domain.model import User
from ..domain.phones import try_normalise_phone
from .base import UseCases
from .policy import allow

MAX_NAMES = 50  # a ring group of fifty is already more than any desk has
MAX_NAME_LEN = 200
USERS_SCANNED = 5000  # display names are matched in Python: no index serves "casefold equals"


class CallAgentUseCases(UseCases):
    @allow("agent", "supervisor", "admin", "pbx")
    def match_call_agents(self, names: list[str]) -> list[AgentMatch]:
        """Each name, in order, as the user it names and their extension. Tried in the order
        a PBX is most likely to mean: extension, login, e-mail, full name, then mobile number.
        A comma-joined list ("user 1,user 2", as Zammad's own spec sends) is split when the
        whole matches nobody."""
        if not isinstance(names, list) or len(names) > MAX_NAMES:
            raise ValidationError("names", f"a list of at most {MAX_NAMES} names")
        cleaned = []
        for name in names:
            if not isinstance(name, str) or len(name) > MAX_NAME_LEN or "\x00" in name:
                raise ValidationError("names", f"each name is text of at most {MAX_NAME_LEN}")
            cleaned.append(name.strip())
        with self._uow(read_only=True) as uow:
            users = [u for u in uow.find(User, "id", USERS_SCANNED) if u.active]
        index = _Index(users, self.region)
        matches: list[AgentMatch] = []
        for name in cleaned:
            if not name:
                continue
            found = index.match(name)
            if found is None and "," in name:
                parts = [p.strip() for p in name.split(",") if p.strip()]
                matches.extend(index.match(p) or unmatched(p) for p in parts)
                continue
            matches.append(found or unmatched(name))
        return matches


class _Index:
    def __init__(self, users: list[User], region: str) -> None:
        self.region = region
        self.by: list[tuple[How, dict[str, User]]] = [
            ("extension", {u.extension: u for u in users if u.extension}),
            ("login", {u.username.casefold(): u for u in users}),
            ("e-mail", {u.email.casefold(): u for u in users if u.email}),
            ("name", {" ".join(u.display_name.split()).casefold(): u for u in users}),
            ("mobile", {u.mobile: u for u in users if u.mobile}),
        ]

    def match(self, name: str) -> AgentMatch | None:
        keys = {
            "extension": name,
            "login": name.casefold(),
            "e-mail": name.casefold(),
            "name": " ".join(name.split()).casefold(),
            "mobile": try_normalise_phone(name, self.region) or "",
        }
        for how, users in self.by:
            user = users.get(keys[how])
            if user is not None:
                if not user.extension:  # they exist, but no phone of theirs is known to ring
                    return AgentMatch(name, None, user.username, "no extension")
                return AgentMatch(name, user.extension, user.username, how)
        return None
