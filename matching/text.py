"""Finnish-aware text normalisation, light stemming and compound splitting.

Finnish inflects heavily ("yritys", "yrityksen", "yrityksille") and writes compounds as one
word ("energiatehokkuusratkaisut"), so plain word matching misses most shared meaning. This
module gives the matcher three cheap tools: a normaliser shared by every component, a light
suffix-stripping stemmer (case endings, plural and possessive markers, consonant gradation in
the most frequent stems) and a compound splitter that cuts a word where both parts are words
the corpus knows. English gets a minimal plural/-ing stemmer. Everything is deterministic and
cached per distinct token, so a 100,000-company run stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_TOKEN = re.compile(r"\w+", re.UNICODE)
_AMP = re.compile(r"(?<=\w)&(?=\w)")

# Finnish endings, longest first: case endings (with plural -i-/-j- forms), possessive
# suffixes and clitics. Stripping stops at a minimum stem length so short words survive.
_FI_SUFFIXES = tuple(sorted({
    "kaan", "kään", "kin", "han", "hän", "pa", "pä",
    "nsa", "nsä", "mme", "nne", "ni", "si",
    "issa", "issä", "ista", "istä", "iin", "ihin", "illa", "illä", "ilta", "iltä", "ille",
    "ina", "inä", "iksi", "ineen", "itta", "ittä",
    "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "tta", "ttä",
    "na", "nä", "seen", "hin", "hon", "hun", "hyn", "hön", "hen",
    "iden", "itten", "ten", "tten", "jen", "ien", "den", "en", "in", "an", "än", "on", "un",
    "yn", "ön", "ja", "jä", "ia", "iä", "ta", "tä", "a", "ä", "n", "t", "i", "e",
}, key=len, reverse=True))
_FI_MIN_STEM = 4
_FI_BY_LENGTH = tuple((n, frozenset(x for x in _FI_SUFFIXES if len(x) == n))
                      for n in sorted({len(x) for x in _FI_SUFFIXES}, reverse=True))
_VOWELS = "aeiouyäö"
_DOUBLE_FOLDS = ("kk", "tt", "pp", "nn", "ll", "mm", "ss", "rr")
_EN_SUFFIXES = ("ations", "ation", "ities", "ity", "ings", "ing", "ies", "es", "ed", "s")
_EN_MIN_STEM = 4

_STOPWORD_TEXT = """
ja tai sekä että kuin myös on ovat oli ei voi voidaan joka jotka jonka joita jossa jolla
mutta kun jos niin tämä tämän nämä näiden se sen ne niiden hän he me te sekä eli esim
mm yms ym noin yli alle kanssa kautta mukaan osana lisäksi kuten vain jo vielä sitä sitten
the a an and or of to in on for with by from at as is are be been being this that these
those it its their our we you will can may which who whom whose not no also such than
into over under between within about after before during per via both each other more
most all any some new e g i ie eg etc
och eller att som en ett är det den de för med på av till från om inte kan har hade ska skall
vid så också samt även denna detta dessa deras sin sitt sina varit blir bli alla eller sig
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def normalise(text: str) -> str:
    """Lower-case, Unicode-normalised text with "t&k" / "R&D" folded to one token."""
    text = text or ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.lower()
    return _AMP.sub("", text) if "&" in text else text


def tokens(text: str) -> list[str]:
    """Word tokens of normalised text (hyphens, underscores and punctuation split words)."""
    text = normalise(text)
    if "_" in text:
        text = text.replace("_", " ")
    return _TOKEN.findall(text)


def _strip_vowels(stem: str) -> str:
    while len(stem) > _FI_MIN_STEM and stem[-1] in _VOWELS:
        stem = stem[:-1]
    return stem


@lru_cache(maxsize=200_000)
def stem_fi(token: str) -> str:
    """A light Finnish stem, so inflected forms of one word meet.

    -nen adjectives become -s ("sähköinen" ~ "sähköisen"); up to two endings are stripped
    (possessive + case), then final vowels, a final -s and doubled or -nt/-ks consonant
    clusters are folded ("yrityksille", "yritystä", "yritys" -> "yrity").
    """
    stem = token[:-3] + "s" if token.endswith("nen") and len(token) > 6 else token
    for _ in range(2):
        for n, suffixes in _FI_BY_LENGTH:
            if len(stem) - n >= _FI_MIN_STEM and stem[-n:] in suffixes:
                stem = stem[:-n]
                break
        else:
            break
    stem = _strip_vowels(stem)
    if stem.endswith(("ks", "nt")) and len(stem) > _FI_MIN_STEM + 1:
        stem = stem[:-2] + ("s" if stem.endswith("ks") else "n")
    if stem.endswith("s") and len(stem) > _FI_MIN_STEM and stem[-2] in _VOWELS:
        stem = _strip_vowels(stem[:-1])
    if stem.endswith(_DOUBLE_FOLDS) and len(stem) > _FI_MIN_STEM:
        stem = stem[:-1]
    return stem


@lru_cache(maxsize=200_000)
def stem_en(token: str) -> str:
    """A minimal English stem: plural, -ing, -ed, -ation endings."""
    for suffix in _EN_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= _EN_MIN_STEM:
            return token[: -len(suffix)]
    return token


def stem(token: str, language: str) -> str:
    """Stem by language; Swedish and unknown languages get the English rules."""
    return stem_fi(token) if language == "fi" else stem_en(token)


def content_tokens(text: str) -> list[str]:
    """Tokens without stop words and one-letter noise (numbers of 2+ digits stay)."""
    return [t for t in tokens(text) if t not in STOPWORDS and len(t) > 1]


class CompoundSplitter:
    """Splits Finnish compounds where both parts are words the corpus knows.

    ``known`` holds words seen free-standing in the corpus (and the term list):
    "energiatehokkuusratkaisut" -> "energia", "tehokkuus", "ratkaisu" (returned as stems).
    A first part must be a known word as written (optionally with a linking -n or -s); the
    rest must be a known word once stemmed, or split again. Parts have at least ``min_part``
    letters, so short accidental words are not carved out.
    """

    def __init__(self, known: Iterable[str], min_part: int = 4) -> None:
        self.known = frozenset(known)
        self.known_stems = frozenset(stem_fi(w) for w in self.known)
        self.min_part = min_part
        self._cache: dict[str, tuple[str, ...]] = {}

    def __getstate__(self) -> dict:
        return {"known": self.known, "known_stems": self.known_stems,
                "min_part": self.min_part}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._cache = {}

    def split(self, token: str) -> tuple[str, ...]:
        """Stems of the token's parts (empty when the token is not a known compound)."""
        cached = self._cache.get(token)
        if cached is None:
            cached = self._split(token, depth=0)
            if len(self._cache) < 500_000:
                self._cache[token] = cached
        return cached

    def _split(self, token: str, depth: int) -> tuple[str, ...]:
        n, known = self.min_part, self.known
        if len(token) < 2 * n or depth > 2:
            return ()
        for i in range(len(token) - n, n - 1, -1):  # longest known first part first
            head = token[:i]
            if head not in known:
                if head[-1] in "ns" and head[:-1] in known and i - 1 >= n:
                    head = head[:-1]
                else:
                    continue
            tail = token[i:]
            if tail in known or stem_fi(tail) in self.known_stems:
                return (stem_fi(head), stem_fi(tail))
            rest = self._split(tail, depth + 1)
            if rest:
                return (stem_fi(head), *rest)
        return ()
