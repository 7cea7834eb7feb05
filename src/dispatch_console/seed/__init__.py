"""Data sets for demos and trials, created through the services so that every record has history.

`seed_demo` builds the deterministic Shanghai demo; the bulk generator for load tests lives in
`dispatch_console.storage.bulk`.
"""

from .demo import DemoResult, seed_demo

__all__ = ["DemoResult", "seed_demo"]
