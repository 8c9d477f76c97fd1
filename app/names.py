"""Company names as search compares them: staff type "kallion konepaja" for "Kallion Konepaja Oy",
"Mäki-Kuljetus" as "maki kuljetus", and expect both to find it."""

from __future__ import annotations

import re
import unicodedata

LEGAL_FORMS = frozenset({
    "oy", "oyj", "ab", "abp", "ky", "ay", "tmi", "ltd", "oü", "osk", "ry", "sr", "inc", "gmbh",
    "as", "llc", "plc", "co", "kb", "hb", "ek", "rf", "oyab",
})
_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case and strip diacritics (ä -> a, ö -> o, å -> a, é -> e)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_name(name: str) -> str:
    """The comparable core of a company name: folded words without legal-form suffixes."""
    words = [w for w in _WORD.split(fold(name or "").replace("_", " ")) if w]
    core = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(core or words)[:200]


def search_text(name_normalized: str, auxiliary_names: list[str] | None,
                keywords: list[str] | None) -> str:
    """What a free-text search looks into: the normalised name, then the folded auxiliary names
    and keywords, separated so that a query never matches across two of them."""
    return " | ".join([
        name_normalized or "",
        *(fold(a) for a in auxiliary_names or []),
        *(fold(k) for k in keywords or []),
    ])
