"""Dispatch Console: the dispatcher's console for field-service call centres."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dispatch-console")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
