"""`--area-code` and `--trunk-prefixes`: how the desk's PBX writes numbers, given on the command
line. One definition for `dispatch-server` and the admin tool's commands that read PBX numbers
(`telephony monitor`, `telephony replay`), so a recording replays with the server's meaning."""

from __future__ import annotations

import argparse
import os

from ..domain.phones import DEFAULT_TRUNK_PREFIXES, DialPlan

# the same names as the console's settings: one environment can serve the console, the server
# and the admin tool
AREA_CODE_ENV = "DISPATCH_TELEPHONY__AREA_CODE"
TRUNK_PREFIXES_ENV = "DISPATCH_TELEPHONY__TRUNK_PREFIXES"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Adds both options; the defaults are read from the environment when the parser is built."""
    parser.add_argument(
        "--area-code", default=os.environ.get(AREA_CODE_ENV, ""), metavar="CODE",
        help=f"the desk's area code (e.g. 021): callers the PBX sends without it (62345678) "
        f"match their customer (default: ${AREA_CODE_ENV})",
    )  # fmt: skip
    parser.add_argument(
        "--trunk-prefixes", metavar="LIST",
        default=os.environ.get(TRUNK_PREFIXES_ENV, ",".join(DEFAULT_TRUNK_PREFIXES)),
        help="comma-separated prefixes the PBX leaves in front of numbers, stripped when the "
        f"number is not valid with them (default: ${TRUNK_PREFIXES_ENV}, else %(default)s)",
    )  # fmt: skip


def from_args(args: argparse.Namespace, region: str = "CN") -> DialPlan:
    """The checked plan (ValidationError naming the option's setting when something is wrong).
    A list separated by ";" is read too, as a TOML-minded admin may write it."""
    prefixes = str(args.trunk_prefixes).replace(";", ",").split(",")
    return DialPlan.of(args.area_code, prefixes, region)
