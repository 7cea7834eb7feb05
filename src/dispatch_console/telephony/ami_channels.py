"""AMI channels: what a channel's name says (desk phone, trunk, queue member), and which
channels a call (a Linkedid) still has, so that it ends when its last one hangs up.

The first leg's Hangup is not the end of a call once transfers happen: in a blind transfer the
transferring phone is often the first leg and hangs up while the transferred party goes on
talking (cacofonisk's `xfer_blind_abacbc`). Channels also move between calls: Asterisk 12+
gives a channel the Linkedid of the call it is bridged into (a picked-up call, the target of an
attended transfer), and every later event of that channel shows the new Linkedid. So each
channel (Uniqueid) is filed under the Linkedid its latest event showed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .legs import is_extension

MAX_CHANNELS = 20000  # a PBX whose Hangups we never saw: forget the oldest rather than grow
# a desk phone's peer: 1986; 9170-12 (a tenant suffix); 150010001 (a hosted platform's SIP
# account, VoIPGRID). Not 7-9 digits starting with 0, nor 10 or more: those are phone numbers,
# which some sites name their trunks by
PHONE_PEER = re.compile(r"(\d{1,6}|[1-9]\d{6,8})(?:-\d{1,4})?")
# contexts a call from a line to the outside arrives in (FreePBX): inbound, whatever the peer
TRUNK_CONTEXTS = ("from-pstn", "from-trunk", "from-external", "from-did-direct")
TRUNK_TECHS = ("DAHDI", "Zap", "Dongle", "mISDN")  # lines to the outside, never a desk phone


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


def _member_extension(m: dict[str, str]) -> str:
    """The agent an event rings or connects: the dialled device (DestChannel), else a queue
    member's Interface (`Local/7855-12@from-queue/n`, `PJSIP/1001`); never a trunk."""
    for key in ("DestChannel", "Interface"):
        kind, who = _device(m.get(key, ""))
        if kind in ("phone", "local"):
            return who
    member = m.get("MemberName", "")
    return member if is_extension(member) else ""


def _device(channel: str) -> tuple[str, str]:
    """`PJSIP/1986-00000019` -> ("phone", "1986"); `SIP/9170-12-0000003c` -> ("phone", "9170");
    `Local/7855-12@from-queue-0000001f;1` -> ("local", "7855"); `PJSIP/carrier-0000001a` ->
    ("trunk", "carrier"); anything else -> ("", "")."""
    tech, sep, rest = channel.partition("/")
    if not sep or not rest:
        return "", ""
    if tech == "Local":
        found = PHONE_PEER.fullmatch(rest.split("@", 1)[0])
        return ("local", found.group(1)) if found else ("", "")
    peer = rest.rsplit("-", 1)[0] if "-" in rest else rest  # drop the channel's sequence
    if tech in TRUNK_TECHS:
        return "trunk", peer
    found = PHONE_PEER.fullmatch(peer)
    if found:
        return "phone", found.group(1)
    return "trunk", peer


def _extension(device: str) -> str:
    """The agent extension of a device or channel name, "" for trunks."""
    kind, who = _device(device)
    return who if kind in ("phone", "local") else ""
