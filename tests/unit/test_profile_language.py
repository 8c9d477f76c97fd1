"""The language a company profile is analysed in, guessed from its text (profiles carry no
tag): Swedish text is analysed as Swedish, although it is full of the letters ä and ö that tell
Finnish from English."""

from __future__ import annotations

import pytest

from app.services.matches._records import guess_language


@pytest.mark.parametrize(("text", "language"), [
    ("Vi är ett familjeföretag i Jakobstad som tillverkar båtar och utvecklar nya material för "
     "hållbar båtbyggnad.", "sv"),
    ("Österbottens förbund beviljar pengar för utvecklingsprojekt som främjar näringsliv.", "sv"),
    ("Åbo båtvarv", "sv"),  # no little word: the letter å
    ("Perheyritys, joka valmistaa veneitä ja kehittää uusia materiaaleja. Yritys on kasvava.",
     "fi"),
    ("metalli koneistus hitsaus ohutlevytyöt", "fi"),  # keywords: the letters ä and ö
    ("We design and build electric boats for the Nordic market.", "en"),
    ("Jyväskylä-based software house: we build apps for the health sector and are growing.",
     "en"),  # a Finnish place name in English text
    ("", "fi"),
])
def test_a_profile_is_analysed_in_the_language_of_its_text(text: str, language: str) -> None:
    assert guess_language(text) == language
