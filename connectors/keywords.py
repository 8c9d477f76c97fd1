"""A call's keywords without the portals' bookkeeping.

The EU Funding & Tenders Portal lists a topic's own identifier and its call's identifier as the
first two ``keywords`` (NOTES.md §1.4: ``["HORIZON-CL5-2027-03-D5-05", "HORIZON-CL5-2027-03"]``),
and its ``callTitle`` is often only a round of the work programme (``"Call 04 - single stage
(2026)"`` in the saved page) while its programme divisions and destinations carry the call
years (``"Circular economy and biobased sectors (2026-27)"``, ``"Civil Security for Society
2027"``). Such phrases are in every call of a round: as keywords they say nothing about the
subject, and shown on a call's page they read as noise. ``clean_keywords`` keeps the subject:

* identifiers (one token, three or more hyphenated parts, one of them a year) are dropped, as
  are the call's own identifiers passed in ``exclude``;
* a parenthesis holding only stage words, numbers and years (``(2026-27)``, ``(Single stage -
  2027/1)``) is removed, and so is a year at the end when at least two words remain (``Civil
  Security for Society 2027``; ``Horizon 2020`` stays a name);
* what is then left of only portal words (call, single, two, stage, topic …) and numbers
  (``Call 02 - single stage``) is dropped;
* whitespace is normalised and duplicates (case-insensitive) removed, first spelling kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# words of a work programme's rounds and stages, never of a call's subject
PORTAL_WORDS = frozenset({
    "call", "calls", "single", "two", "multi", "stage", "stages", "topic", "topics", "cut",
    "off", "cutoff", "round", "phase", "deadline", "deadlines",
})
_YEAR = r"(?:19|20)\d\d"
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")
_TRAILING_YEAR = re.compile(rf"[\s,;:–-]*\b{_YEAR}(?:\s*[-–/.]\s*\d{{1,4}})?\s*$")
_WORD = re.compile(r"[^\W_]+")
_EDGES = " \t-–—,;:/."


def _is_identifier(text: str) -> bool:
    """``HORIZON-CL5-2027-03-D5-05``, ``HORIZON-JU-CBE-2026``: one token, three or more
    hyphenated parts, one of them a year (``COVID-19`` is a word, not an identifier)."""
    parts = text.split("-")
    return (len(parts) >= 3 and " " not in text and all(p.isalnum() for p in parts)
            and any(re.fullmatch(_YEAR, p) for p in parts))


def _only_portal_words(text: str) -> bool:
    words = _WORD.findall(text.casefold())
    return all(word in PORTAL_WORDS or word.isdigit() for word in words)


def clean_keyword(text: str, exclude: frozenset[str] = frozenset()) -> str | None:
    """One keyword without identifiers, stage phrases and years; None if nothing is left."""
    text = " ".join(text.split())
    if not text or text.casefold() in exclude or _is_identifier(text):
        return None
    text = _PARENTHESIS.sub(lambda m: "" if _only_portal_words(m.group(1)) else m.group(0), text)
    trimmed = _TRAILING_YEAR.sub("", text).strip(_EDGES)
    if len(_WORD.findall(trimmed)) >= 2:
        text = trimmed
    text = text.strip(_EDGES)
    if not text or _only_portal_words(text):
        return None
    return text


def clean_keywords(words: Iterable[str], *, exclude: Iterable[str | None] = ()) -> tuple[str, ...]:
    """The keywords worth keeping, in order, each once (see the module docstring)."""
    excluded = frozenset(" ".join(e.split()).casefold() for e in exclude if e)
    kept: dict[str, str] = {}
    for word in words:
        if not isinstance(word, str):
            continue
        text = clean_keyword(word, excluded)
        if text:
            kept.setdefault(text.casefold(), text)
    return tuple(kept.values())
