"""The one check of every user-supplied redirect target (``next`` of the sign-in and language
forms, the task and match buttons' way back, a saved search).

Why one place: browsers are forgiving in ways an ad-hoc ``startswith("/")`` is not. They drop
tabs and line breaks inside a URL (``/\\t/evil.example/`` becomes ``//evil.example/``), read a
backslash as a slash (``/\\evil.example``), and ``https:evil.example`` has a scheme but no slashes.
Only a plain local path (with an optional query and fragment) is followed; anything else falls
back to the given default.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# control characters, space-like characters browsers strip, and the backslash
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\\\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f"
                     r"\u3000\ufeff]")


def is_safe_target(target: str | None) -> bool:
    """True for a local absolute path such as ``/tasks?view=week``; False for everything that
    could leave the site or be read differently by a browser."""
    if not target or len(target) > 2000 or _UNSAFE.search(target):
        return False
    if not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and parts.path.startswith("/")


def safe_next(target: str | None, default: str) -> str:
    """``target`` when it is a safe local path, else ``default``."""
    return target if target is not None and is_safe_target(target) else default
