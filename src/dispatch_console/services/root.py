"""How the composition root offers each feature's use cases under the names the console, the
server and the admin tool call: one delegating method per use case, from an explicit table.
Each call first passes the use case's declared policy (services/policy.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from .policy import check

P = ParamSpec("P")
R = TypeVar("R")


def via(feature: str, method: Callable[Concatenate[Any, P], R]) -> Callable[Concatenate[Any, P], R]:
    """`method` of the feature held in the attribute `feature`, as a method of the root: the
    same name, signature, documentation and policy (the method looked up on each call, so a
    test may patch it; the policy checked on each call, for the root's actor)."""
    name = method.__name__

    def delegate(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        allowed_args, allowed_kwargs = check(self.context, method, args, kwargs)
        return getattr(getattr(self, feature), name)(*allowed_args, **allowed_kwargs)  # type: ignore[no-any-return]

    functools.update_wrapper(delegate, method)
    return delegate
