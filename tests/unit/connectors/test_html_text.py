"""HTML descriptions to safe plain text."""

from __future__ import annotations

import pytest

from connectors.html_text import clean_whitespace, html_to_text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>A &amp; B</p><p>C&nbsp;D</p>", "A & B\nC D"),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        ("<p>x<script>alert('x')</script><style>p{}</style>y</p>", "xy"),
        ("<p>line one\n   continues</p>", "line one continues"),
        ('<p>cut here <a href="https://example.org/long', "cut here"),
        ("text after a tag</p> tail &amp", "text after a tag\ntail &"),
        ("<br/>", None),
        ("", None),
        (None, None),
        ("&lt;script&gt;not markup&lt;/script&gt;", "<script>not markup</script>"),
    ],
)
def test_html_to_text(markup, text):
    assert html_to_text(markup) == text


def test_clean_whitespace():
    assert clean_whitespace("HORIZON  Research and Innovation Actions") == (
        "HORIZON Research and Innovation Actions"
    )
    assert clean_whitespace("  ") is None
    assert clean_whitespace(None) is None
