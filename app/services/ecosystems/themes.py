"""The themes of ecosystems, projects and courses: the matcher's concept list (``matching.terms``),
so that an ecosystem's themes meet the funding calls on the same concept ids."""

from __future__ import annotations

from functools import lru_cache

from matching.terms import Concept, load_terms


@lru_cache(maxsize=1)
def _concepts() -> dict[str, Concept]:
    return {c.id: c for c in load_terms().concepts}


def theme_choices(lang: str = "fi") -> list[tuple[str, str]]:
    """(concept id, label in ``lang``) for every theme, sorted by label."""
    pairs = [(c.id, c.fi if lang == "fi" else c.en) for c in _concepts().values()]
    return sorted(pairs, key=lambda p: p[1].lower())


def theme_label(concept_id: str, lang: str = "fi") -> str:
    concept = _concepts().get(concept_id)
    if concept is None:
        return concept_id
    return concept.fi if lang == "fi" else concept.en


def is_theme(concept_id: str) -> bool:
    return concept_id in _concepts()


def themes_in_text(text: str, language: str = "fi") -> list[str]:
    """The concept ids a text mentions (a course feed's description, a call's title)."""
    terms = load_terms()
    lang = language if language in ("fi", "en", "sv") else "en"
    return sorted({terms.concepts[i].id for i in terms.extract(text, lang)})
