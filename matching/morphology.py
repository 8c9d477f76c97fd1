"""Base forms and compound parts of words, from maintained analysers.

Finnish words are analysed with libvoikko and Debian's ``voikko-fi`` dictionary (Joukahainen):
"kalanviljelylaitoksen" gives the base form "kalanviljelylaitos" and the compound parts
"kala", "viljely", "laitos"; "Taivalkoskella" is known as the place name Taivalkoski. Swedish
words get their base form from ``simplemma`` ("företagens" -> "företag"); simplemma has no
compound analysis. When libvoikko is not installed, Finnish falls back to simplemma's base
form and the term list's own compound heuristic (``matching.terms``).

What the term list matches for one token (``forms``): the token as written, its base forms,
and every run of adjacent compound parts joined ("merituulivoimala" -> "meri", "tuuli",
"voimala", "merituuli", "tuulivoimala", ...), so a term written as a base form or a stem
matches an inflection or a compound it was never written for, and only at a real compound
boundary. ``is_place_name`` tells a proper place name (a municipality, a village), which never
names a concept.

Measured on the evaluation calls and companies (bench/eval_matcher.py --morphology): see
docs/matching.md, "Morphology".
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # libvoikko: Debian libvoikko1 + voikko-fi, Python binding from PyPI (libvoikko)
    import libvoikko as _libvoikko
except ImportError:  # pragma: no cover - depends on the machine
    _libvoikko = None

try:
    import simplemma as _simplemma
except ImportError:  # pragma: no cover
    _simplemma = None

_PART = re.compile(r"\+([^+(]*)\(([^)]*)\)")
_NAME_CLASSES = frozenset({"paikannimi"})
_PERSON_CLASSES = frozenset({"etunimi", "sukunimi", "nimi"})
_FUNCTION_CLASSES = frozenset({"asemosana", "sidesana", "suhdesana", "kieltosana",
                               "huudahdussana", "lukusana", "seikkasana"})
_NOUN_CLASSES = frozenset({"nimisana", "laatusana", "nimisana_laatusana"})
_MIN_PART = 3
_BACKEND = {"fi": "auto"}


class _Voikko:
    """One libvoikko handle per process (the handle is not picklable; made on first use)."""

    handle = None
    failed = False

    @classmethod
    def get(cls):  # type: ignore[no-untyped-def]
        if cls.handle is None and not cls.failed:
            try:
                cls.handle = _libvoikko.Voikko("fi") if _libvoikko is not None else None
            except OSError:  # library or dictionary missing
                cls.handle = None
            cls.failed = cls.handle is None
        return cls.handle


def backend(language: str = "fi") -> str:
    """The analyser in use for a language: "voikko", "simplemma" or "none"."""
    if language == "fi" and _BACKEND["fi"] in ("auto", "voikko") and _Voikko.get() is not None:
        return "voikko"
    if _simplemma is not None and language in ("fi", "sv", "en") and \
            _BACKEND.get(language, "auto") != "none":
        return "simplemma"
    return "none"


def use_backend(name: str) -> None:
    """Choose the Finnish analyser ("auto", "voikko", "simplemma", "none"); for measurement."""
    _BACKEND["fi"] = name
    analyse.cache_clear()


def _parts_of(wordbases: str) -> list[tuple[str, str]]:
    """Compound parts of a Voikko WORDBASES string, as (written form, base form).

    "+kalan(kala)+viljel(viljellä)+y(+y)+laitos(laitos)" -> [("kalan", "kala"),
    ("viljely", "viljely"), ("laitos", "laitos")]: a derivational ending (base starting
    with "+") joins the part before it, which then keeps its written form; a lexicalised
    compound ("energiatehokku(energia=tehokas)") stays one part.
    """
    parts: list[list[str]] = []
    for surface, base in _PART.findall(wordbases.lower()):
        if base.startswith("+") and parts:
            parts[-1][0] += surface
            parts[-1][1] = parts[-1][0]
        else:
            parts.append([surface, surface if "=" in base or not base else base])
    return [(surface, base) for surface, base in parts if base]


def _joins(parts: list[tuple[str, str]]) -> list[str]:
    """Each part's base form, and runs of adjacent parts as written in a compound (the last
    one in its base form): "kalan" + "viljely" -> "kalanviljely"; the whole word excluded."""
    out = [base for _surface, base in parts]
    n = len(parts)
    for i in range(n):
        for j in range(i + 2, n + 1):
            if (i, j) != (0, n):
                out.append("".join(s for s, _b in parts[i:j - 1]) + parts[j - 1][1])
    return out


@lru_cache(maxsize=300_000)
def analyse(token: str, language: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(base forms, compound parts, is a place name) of one lower-case token (a token of
    fewer than four letters, or with digits, is not analysed)."""
    if len(token) < 4 or not token.isalpha():
        return (), (), False
    kind = backend(language)
    if kind == "voikko":
        analyses = _Voikko.get().analyze(token)
        names = [a for a in analyses if a.get("CLASS") in _NAME_CLASSES | _PERSON_CLASSES]
        common = [a for a in analyses if a not in names]
        # a place name whose only common-noun readings are compounds guessed from parts
        # ("taival" + "koski") is the place: it gives no base form and no parts
        if any(a.get("CLASS") in _NAME_CLASSES for a in names) and all(
                len(_parts_of(a.get("WORDBASES", ""))) > 1 for a in common):
            return (), (), True
        if any(a.get("CLASS") in _FUNCTION_CLASSES for a in analyses):
            return (), (), False  # "joilla" is "joka" before it is "joki"
        if any(a.get("CLASS") in _NOUN_CLASSES for a in common):
            common = [a for a in common if a.get("CLASS") in _NOUN_CLASSES]
        bases: list[str] = []
        parts: list[str] = []
        for a in common:
            base = (a.get("BASEFORM") or "").lower()
            if base and base not in bases:
                bases.append(base)
            found = _parts_of(a.get("WORDBASES", ""))
            if len(found) > 1:
                for p in _joins(found):
                    if p not in parts:
                        parts.append(p)
        return tuple(bases), tuple(parts), False
    if kind == "simplemma":
        base = _simplemma.lemmatize(token, lang=language).lower()
        return ((base,) if base != token else ()), (), False
    return (), (), False


def forms(token: str, language: str, parts: bool = True) -> tuple[str, ...]:
    """The token, its base forms and (with ``parts``) its compound parts and runs of them
    (each of at least three letters)."""
    bases, found, _place = analyse(token, language)
    out = [token]
    for form in bases + (found if parts else ()):
        if len(form) >= _MIN_PART and form not in out:
            out.append(form)
    return tuple(out)


def is_place_name(token: str, language: str) -> bool:
    """True for a word the analyser knows only as a place name ("taivalkoskella")."""
    return analyse(token, language)[2] if language == "fi" else False


@lru_cache(maxsize=50_000)
def place_bases(token: str) -> tuple[str, ...]:
    """Lower-case base forms of the place-name readings of a Finnish word ("taivalkosken" ->
    "taivalkoski"); empty without libvoikko."""
    if backend("fi") != "voikko" or not token.isalpha():
        return ()
    return tuple(dict.fromkeys(
        (a.get("BASEFORM") or "").lower() for a in _Voikko.get().analyze(token)
        if a.get("CLASS") in _NAME_CLASSES and a.get("BASEFORM")))


def knows(token: str, language: str) -> bool:
    """True when the analyser recognised the token (so no compound guessing is needed)."""
    bases, parts, place = analyse(token, language)
    return bool(bases or parts or place) and backend(language) == "voikko"
