"""Field helpers shared by the ecosystem, project, lesson and course rules. Flush-free."""

from __future__ import annotations

from app.errors import ErrorCollector
from app.i18n import lazy_gettext as _l
from app.services.ecosystems.themes import is_theme
from app.services.validation import require_text

MAX_ITEMS = 30


def search_text(*parts: object) -> str:
    """The texts of a row as one lower-cased string, what ``text_clause`` searches."""
    return " ".join(str(p) for p in parts if p).lower()


def optional_text(errors: ErrorCollector, value: str, field: str, max_length: int) -> str | None:
    return errors.check(require_text, value, field, max_length=max_length, required=False) or None


def clean_list(errors: ErrorCollector, items: tuple[str, ...], field: str, *,
               max_length: int = 200) -> list[str]:
    """Distinct cleaned entries (partners, tags), at most MAX_ITEMS."""
    out: list[str] = []
    for item in items:
        text = errors.check(require_text, item, field, max_length=max_length, required=False)
        if text and text not in out:
            out.append(text)
    if len(out) > MAX_ITEMS:
        errors.add(field, _l("At most %(n)d entries.", n=MAX_ITEMS))
    return out[:MAX_ITEMS]


def theme_list(errors: ErrorCollector, themes: tuple[str, ...], field: str = "themes"
               ) -> list[str]:
    """Concept ids of the matcher's term list; an unknown one is refused."""
    out = [t for t in dict.fromkeys(themes) if t]
    if any(not is_theme(t) for t in out):
        errors.add(field, _l("Choose the themes from the list."))
        return []
    if len(out) > MAX_ITEMS:
        errors.add(field, _l("At most %(n)d entries.", n=MAX_ITEMS))
    return out[:MAX_ITEMS]
