"""Which channels a call (an AMI Linkedid) still has, so that it ends when its last one hangs up.

The first leg's Hangup is not the end of a call once transfers happen: in a blind transfer the
transferring phone is often the first leg and hangs up while the transferred party goes on
talking (cacofonisk's `xfer_blind_abacbc`). Channels also move between calls: Asterisk 12+
gives a channel the Linkedid of the call it is bridged into (a picked-up call, the target of an
attended transfer), and every later event of that channel shows the new Linkedid. So each
channel (Uniqueid) is filed under the Linkedid its latest event showed."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_CHANNELS = 20000  # a PBX whose Hangups we never saw: forget the oldest rather than grow


@dataclass
class ChannelSets:
    owner: dict[str, str] = field(default_factory=dict)  # Uniqueid -> Linkedid
    members: dict[str, set[str]] = field(default_factory=dict)  # Linkedid -> Uniqueids

    def seen(self, uniqueid: str, linked: str) -> str | None:
        """A channel shows `linked`; returns the call it left if that call now has none."""
        if not uniqueid or not linked:
            return None
        before = self.owner.get(uniqueid)
        if before == linked:
            return None
        if before is None and len(self.owner) >= MAX_CHANNELS:
            self._drop(next(iter(self.owner)))
        self.owner[uniqueid] = linked
        self.members.setdefault(linked, set()).add(uniqueid)
        if before is not None:
            return self._leave(uniqueid, before)
        return None

    def hung_up(self, uniqueid: str, linked: str) -> list[str]:
        """A channel is gone; returns the calls left with no channel (the one it belonged to,
        and the one it came from if its Hangup is the first event to show it moved)."""
        moved_from = self.seen(uniqueid, linked)
        current = self.owner.pop(uniqueid, None)
        emptied = [moved_from] if moved_from else []
        if current is not None and (call := self._leave(uniqueid, current)):
            emptied.append(call)
        return emptied

    def has(self, linked: str) -> bool:
        return bool(self.members.get(linked))

    def forget(self, linked: str) -> None:
        for uniqueid in self.members.pop(linked, set()):
            self.owner.pop(uniqueid, None)

    def _leave(self, uniqueid: str, linked: str) -> str | None:
        left = self.members.get(linked)
        if left is None:
            return None
        left.discard(uniqueid)
        if left:
            return None
        del self.members[linked]
        return linked

    def _drop(self, uniqueid: str) -> None:
        linked = self.owner.pop(uniqueid)
        self._leave(uniqueid, linked)
