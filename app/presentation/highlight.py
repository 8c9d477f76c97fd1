"""Where a search's words occur in a shown text, and the text with those parts marked.

Search folds case and diacritics (``app.names.fold``: "maki" finds "Mäki"), so the parts are found
on the folded text and mapped back to the original characters. Only real substring hits are
marked: a company found by a fuzzy (similar-name) match shows no mark rather than a wrong one.
The text is escaped piece by piece, so user text is never rendered unescaped."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from app.names import fold

_WORD = re.compile(r"[^\w]+", re.UNICODE)
MIN_WORD = 2  # a single letter would mark half of every name


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original one."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for f in fold(ch):
            chars.append(f)
            origin.append(i)
    return "".join(chars), origin


def match_spans(text: str, query: str | None) -> list[tuple[int, int]]:
    """(start, end) ranges of ``text`` holding a word of ``query``, merged and in order."""
    if not text or not query:
        return []
    words = {w for w in _WORD.split(fold(query).replace("_", " ")) if len(w) >= MIN_WORD}
    if not words:
        return []
    folded, origin = _folded_with_map(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            spans.append((origin[start], origin[start + len(word) - 1] + 1))
            start = folded.find(word, start + len(word))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, query: str | None) -> Markup:
    """``text`` escaped, with each part that matches a word of ``query`` in ``<mark>``."""
    text = text or ""
    out = Markup("")
    at = 0
    for start, end in match_spans(text, query):
        out += escape(text[at:start])
        out += Markup('<mark class="hit">{}</mark>').format(text[start:end])
        at = end
    return out + escape(text[at:])
