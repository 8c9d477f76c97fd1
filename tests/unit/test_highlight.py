"""Matched words of a search marked in a shown name: folded like search, escaped always."""

from __future__ import annotations

from app.presentation.highlight import highlight, match_spans


def test_words_are_found_folded_and_marked_on_the_original_letters():
    assert str(highlight("Mäki-Kuljetus Oy", "maki kuljetus")) == (
        '<mark class="hit">Mäki</mark>-<mark class="hit">Kuljetus</mark> Oy')
    assert str(highlight("JÄRVI SIIKA OY", "järvi")) == '<mark class="hit">JÄRVI</mark> SIIKA OY'


def test_a_letter_that_folds_into_two_is_marked_whole():
    assert str(highlight("Straße Ab", "strasse")) == '<mark class="hit">Straße</mark> Ab'


def test_user_text_is_escaped_inside_and_outside_the_marks():
    html = str(highlight('<script>alert("x")</script> Konepaja & Co', "script konepaja"))
    assert "<script>" not in html and "&lt;" in html
    assert html == ('&lt;<mark class="hit">script</mark>&gt;alert(&#34;x&#34;)&lt;/'
                    '<mark class="hit">script</mark>&gt; <mark class="hit">Konepaja</mark>'
                    ' &amp; Co')
    assert str(highlight("A & B", '<mark class="hit">')) == "A &amp; B"


def test_overlapping_and_repeated_hits_merge():
    assert match_spans("Koneistamo Kone Oy", "kone koneista") == [(0, 8), (11, 15)]


def test_a_fuzzy_match_and_a_single_letter_mark_nothing():
    assert str(highlight("Kallion Konepaja Oy", "kalion")) == "Kallion Konepaja Oy"
    assert match_spans("Aalto Oy", "a") == []
    assert match_spans("Aalto Oy", None) == [] and str(highlight(None, "x")) == ""
