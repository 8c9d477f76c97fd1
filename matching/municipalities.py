"""Finnish municipalities by code and name, and municipality lists in call texts.

Source: Statistics Finland's classification of municipalities (``data/municipalities.tsv``,
309 municipalities, three-digit codes as in ``CompanyProfile.municipality_code``). Names in a
text are found by their base form, so inflected names count ("Kuusamon, Posion ja
Taivalkosken alueella"): with libvoikko the analyser gives the base form of the place name;
without it a name counts only when written in its base form or the genitive in -n. Swedish
names (Kristinestad, Närpes, Vasa) count in their base form and the genitive in -s
("Kristinestads och Närpes område"), the only inflection a Swedish place name takes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from matching import morphology

_DATA = Path(__file__).with_name("data") / "municipalities.tsv"
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé-]+")


@lru_cache(maxsize=1)
def _rows() -> list[tuple[str, str, str]]:
    out = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and not line.startswith("code\t"):
            code, name_fi, name_sv = line.split("\t")[:3]
            out.append((code, name_fi, name_sv))
    return out


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    """Municipality code -> Finnish name."""
    return {code: name_fi for code, name_fi, _sv in _rows()}


@lru_cache(maxsize=1)
def swedish_names() -> dict[str, str]:
    """Municipality code -> Swedish name (the Finnish one where there is no other)."""
    return {code: name_sv for code, _fi, name_sv in _rows()}


@lru_cache(maxsize=1)
def by_name() -> dict[str, str]:
    """Lower-case Finnish name -> municipality code."""
    return {name.lower(): code for code, name in names().items()}


@lru_cache(maxsize=1)
def by_swedish_name() -> dict[str, str]:
    """Lower-case Swedish name -> municipality code (only names that differ from Finnish)."""
    return {sv.lower(): code for code, fi, sv in _rows() if sv.lower() != fi.lower()}


@lru_cache(maxsize=50_000)
def municipality_of_word(word: str) -> str | None:
    """The code of the municipality a (possibly inflected) Finnish word names, else None."""
    low = word.lower()
    table = by_name()
    if low in table:
        return table[low]
    for base in morphology.place_bases(low):
        if base in table:
            return table[base]
    if morphology.backend("fi") != "voikko" and low.endswith("n") and low[:-1] in table:
        return table[low[:-1]]
    swedish = by_swedish_name()
    if low in swedish:
        return swedish[low]
    if low.endswith("s") and low[:-1] in swedish:  # genitive: Kristinestads, Jakobstads
        return swedish[low[:-1]]
    return None


def mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of every municipality named in the text, in order."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if not word[:1].isupper():
            continue
        code = municipality_of_word(word)
        if code is not None:
            out.append((m.start(), m.end(), code))
    return out
