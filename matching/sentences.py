"""Sentences of a call text, and the cues the text-condition readers share.

``matching.conditions`` and ``matching.limits`` read conditions sentence by sentence; a
condition never counts in a sentence that gives it as an example (``EXAMPLE``), and most count
only in a sentence that says whom the call is for (``TARGET``). Evidence is quoted shortened.
"""

from __future__ import annotations

import re

EVIDENCE_MAX = 240
SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+|•")
EXAMPLE = re.compile(r"\b(?:esim(?:erkiksi)?|kuten|for example|for instance|e\.\s?g\.|such as|"
                      r"till exempel|t\.\s?ex\.|bland annat|mm\.)")
NATIONWIDE = re.compile(r"valtakunnalli\w*|koko suome\w*|koko maa\w*|nationwide|nation-wide|"
                         r"whole of finland|all of finland|riksomfattande|hela finland")


def sentences(text: str) -> list[str]:
    """The text split into sentences (and list items)."""
    return [s.strip() for s in SENTENCE.split(text) if s and s.strip()]


def quote(sentence: str) -> str:
    """A sentence shortened to ``EVIDENCE_MAX`` characters, for a reason's evidence."""
    return sentence if len(sentence) <= EVIDENCE_MAX else sentence[:EVIDENCE_MAX - 1] + "…"



TARGET = re.compile(
    r"\b(?:tarkoitettu\w*|kohderyhmä\w*|kenelle|voi(?:vat)? hakea|hakea voi\w*|hakija\w*|"
    r"voi(?:vat)? saada|myönnetään|myöntää|voidaan myöntää|rahoittaa|rahoitetaan|"
    r"rahoituksen kohteena|tuki(?:a)? (?:on|voi)|suunnattu|kohdistetaan|vain|ainoastaan|"
    r"intended for|aimed at|targeted at|target group|eligible|may apply|can apply|open to|"
    r"only|restricted to|reserved for|for whom|"
    r"riktar sig|avsedd|avsett|målgrupp|kan söka|kan ansöka|får söka|beviljas|endast)\b")
