"""schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by test_fuzzing.py): besides the
values the schema allows, send what an attacker would (issue 22). A case generated to fit the
schema is sent as it is or with one value replaced by NUL text, a lone surrogate, a number
beyond 64 bits, an object or a list where a scalar belongs, or a crafted page cursor; starting
from a valid request, the hostile value is the only thing wrong with it, so it reaches the code
behind validation. The run fails on any 5xx."""

from __future__ import annotations

import base64
import json
from typing import Any

import schemathesis
from hypothesis import strategies as st

BIG = 2**70
IN_JSON = ["nul\x00text", "lone \ud800 surrogate", BIG, -BIG, {"an": "object"}, [1, "x"], True]
IN_URL = ["nul\x00text", str(BIG), "-" + str(BIG)]  # a URL carries no surrogate (UTF-8)
CURSORS = [
    base64.urlsafe_b64encode(json.dumps(v).encode()).decode()
    for v in ([{"a": 1}], ["x"], [BIG], [None], [True], [1.5], ["x", 1], [1, 1], "[1]", [])
]


def _variants(value: Any, hostile: list[Any], depth: int = 0) -> list[Any]:
    """`value` with one leaf replaced, every way (two levels deep)."""
    out: list[Any] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "cursor":
                out += [{**value, key: c} for c in CURSORS]
            out += [{**value, key: h} for h in hostile]
            if depth < 1:
                out += [{**value, key: v} for v in _variants(item, hostile, depth + 1)]
    return out


def _positive(case: Any) -> bool:
    meta = getattr(case, "_meta", None)
    return meta is not None and str(meta.generation.mode) == "positive"


@schemathesis.hook
def flatmap_case(context: Any, case: Any) -> Any:
    if not _positive(case):
        return st.just(case)
    changes = [("body", v) for v in _variants(case.body, IN_JSON)]
    changes += [("query", v) for v in _variants(case.query or {}, IN_URL)]
    changes += [("path_parameters", v) for v in _variants(case.path_parameters or {}, IN_URL)]
    if not changes:
        return st.just(case)

    def hostile(change: tuple[str, Any]) -> Any:
        # in place: each draw is a case of its own, and a copy would lose its metadata. Past
        # Case.__setattr__, whose re-validation of a changed part cannot encode a surrogate
        object.__setattr__(case, change[0], change[1])
        return case

    # as generated, or (as often) with one hostile value in it
    return st.one_of(st.just(case), st.sampled_from(changes).map(hostile))
