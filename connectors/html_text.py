"""HTML to safe plain text for call descriptions (stdlib ``html.parser`` only).

Sources ship descriptions as HTML (SEDIA ``descriptionByte``, haeavustuksia ``rich*`` fields, RSS
summaries). Veturi stores and matches plain text and never renders a source's markup, so the
markup is dropped here rather than sanitised: tags go, entities are decoded, ``<script>`` and
``<style>`` contents are discarded, and block elements become line breaks so "Expected Outcome:" /
"Scope:" headings stay readable. Cut-off HTML (a tag left open at the end, as in the trimmed EU
fixture) loses only the unfinished tag.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
    }
)  # fmt: skip
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "head", "title", "iframe"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            # line breaks in the source are layout, not text: only block elements break lines
            self.parts.append(_ANY_SPACE.sub(" ", data))


_ANY_SPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


def html_to_text(markup: str | None) -> str | None:
    """Plain text of an HTML fragment (paragraphs on their own lines), or None when empty."""
    if markup is None:
        return None
    parser = _TextExtractor()
    parser.feed(markup)
    # No close(): an unfinished trailing tag stays in the parser's buffer instead of leaking
    # into the text as "<a href=...". Trailing plain text still buffered is kept.
    rest = parser.rawdata
    if rest and not rest.startswith("<") and not parser.skip_depth:
        parser.parts.append(_ANY_SPACE.sub(" ", html.unescape(rest)))
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line and line != "-")
    return text or None


def clean_whitespace(value: str | None) -> str | None:
    """Collapse runs of whitespace (the SEDIA "HORIZON  Research" double spaces); None if empty."""
    if value is None:
        return None
    cleaned = " ".join(value.split())
    return cleaned or None
