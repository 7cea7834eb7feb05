"""Where an integration's request carries its token: one rule for the server and the console's
loopback CTI listener."""

from __future__ import annotations

from dispatch_console.domain.tokens import bearer, presented_token


def test_the_path_then_bearer_then_x_token_then_the_query() -> None:
    assert presented_token("p", "Bearer b", "x", "q") == "p"
    assert presented_token("", "Bearer b", "x", "q") == "b"
    assert presented_token("", "Basic zzz", "x", "q") == "x"  # not a bearer token: skipped
    assert presented_token("", None, None, "q") == "q"
    assert presented_token("", None, None, None) == ""


def test_bearer_reads_the_scheme_in_any_case_and_trims() -> None:
    assert bearer("bearer  abc ") == "abc"
    assert bearer("Bearer") == ""
    assert bearer(None) == ""
