"""The language of a piece of content (a call's title, its summary), so that a page can mark text
in another language than its own with ``lang`` (WCAG 3.1.2: an English call title on a Finnish
page is read by a screen reader with English pronunciation)."""

from __future__ import annotations

import re

from markupsafe import Markup

# the commonest short words of each language; letters only Finnish or Swedish use
_WORDS = {
    "en": re.compile(r"\b(the|and|of|for|with|to|in|on|our|is|are|call|funding|programme)\b",
                     re.IGNORECASE),
    "fi": re.compile(r"\b(ja|sekä|on|ovat|joka|tai|yritys|yritysten|yrityksille|haku|rahoitus)\b"
                     r"|\w*(ssa|ssä|sta|stä|lle|iden|ksen)\b", re.IGNORECASE),
    "sv": re.compile(r"\b(och|för|att|med|till|av|som|är|på|företag|finansiering|ansökan)\b|å",
                     re.IGNORECASE),
}
_KNOWN = ("fi", "sv", "en")


def guess_language(text: str | None) -> str | None:
    """fi, sv or en by a count of each language's little words; None when too short to tell."""
    if not text or len(text.split()) < 2:
        return None
    counts = {code: len(pattern.findall(text)) for code, pattern in _WORDS.items()}
    best = max(counts, key=lambda code: counts[code])
    ranked = sorted(counts.values(), reverse=True)
    return best if ranked[0] > 0 and ranked[0] > ranked[1] else None


def content_language(text: str | None, declared: str | None = None) -> str | None:
    """The declared language of the content (a source's own tag) when it is one we know, else
    the guess from its words."""
    code = (declared or "").strip().lower()[:2]
    return code if code in _KNOWN else guess_language(text)


def lang_attr(text: str | None, declared: str | None = None, page: str = "fi") -> Markup:
    """`` lang="en"`` when the content's language differs from the page's, else nothing."""
    code = content_language(text, declared)
    if code is None or code == (page or "fi")[:2]:
        return Markup("")
    return Markup(' lang="%s"') % code
