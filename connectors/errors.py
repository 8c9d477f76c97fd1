"""Errors a connector raises; the harvest service decides what to do with them and records it."""

from __future__ import annotations


class SourceError(Exception):
    """The source could not be read: unreachable, timed out, or answered with an error status.

    ``retryable`` tells the caller whether trying again later may help (timeouts, 429, 5xx).
    """

    def __init__(self, source: str, message: str, *, retryable: bool = False) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
        self.retryable = retryable


class SourceFormatError(SourceError):
    """The source answered, but not in the format we know (garbage, HTML for JSON, cut short)."""
