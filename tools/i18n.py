"""Keep the Finnish and Swedish catalogs complete and compiled.

The UI strings are written in English and marked with ``_``/``_l``; Finnish (the default) lives in
``app/translations/<area>/fi/LC_MESSAGES/messages.po``, one catalog per area so that work on
different areas never edits the same file. Flask-Babel merges them at run time. Swedish lives
beside it in ``<area>/sv/``.

    python -m tools.i18n missing [LOCALE]     # marked strings with no translation anywhere
    python -m tools.i18n add AREA [LOCALE]    # append those strings to AREA's catalog, to translate
    python -m tools.i18n prune AREA [LOCALE]  # drop AREA's untranslated entries (others' strings)
    python -m tools.i18n compile              # .po -> .mo for every area and every locale

LOCALE is ``fi`` unless given. Finnish must be complete for every marked string. Swedish must be
complete for the areas in ``SWEDISH_COMPLETE``: every string of such an area's Finnish catalog
has a Swedish translation (``add AREA sv`` appends exactly those). An area added later is not
held to Swedish until someone translates it and lists it there.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
TRANSLATIONS = APP / "translations"
LOCALE = "fi"
LOCALES = ("fi", "sv")
# the areas whose Swedish is complete (tests/test_i18n.py checks them)
SWEDISH_COMPLETE = ("accounts", "benefits", "core", "crm", "digest", "directory", "ecosystems",
                    "funding", "imports", "inputs", "matches", "network", "pipeline")
METHOD_MAP = [("**.py", "python"), ("templates/**.html", "jinja2"),
              ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
            "ngettext": (1, 2), "lazy_ngettext": (1, 2),
            "store_plural": (1, 2)}  # a plural kept as its English forms (app/presentation)


def catalog_paths(locale: str = LOCALE) -> list[Path]:
    return sorted(TRANSLATIONS.glob(f"*/{locale}/LC_MESSAGES/messages.po"))


def catalog_path(area: str, locale: str = LOCALE) -> Path:
    return TRANSLATIONS / area / locale / "LC_MESSAGES" / "messages.po"


def _read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _done(msg: object) -> bool:
    strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)  # type: ignore[attr-defined]
    return bool(msg.id) and all(strings)  # type: ignore[attr-defined]


def translation_dirs() -> list[Path]:
    return [p.parents[2] for p in catalog_paths()]


def extract() -> dict[str, tuple[str, ...] | str]:
    """Every marked message in the app: msgid -> msgid or (singular, plural)."""
    found: dict[str, tuple[str, ...] | str] = {}
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(APP), METHOD_MAP, keywords=KEYWORDS,
        options_map={"templates/**.html": {"extensions": "jinja2.ext.do"}},
        # babel skips folders starting with "_" by default, which would hide templates/_macros
        directory_filter=lambda d: not Path(d).name.startswith((".", "__")),
    ):
        key = message[0] if isinstance(message, tuple) else message
        if key:
            found[key] = message
    return found


def translated(locale: str = LOCALE) -> dict[str, Catalog]:
    """msgid -> the catalog that translates it, over every area's catalog of LOCALE."""
    out: dict[str, Catalog] = {}
    for path in catalog_paths(locale):
        catalog = _read(path, locale)
        for msg in catalog:
            if _done(msg):
                out[msg.id[0] if isinstance(msg.id, tuple) else msg.id] = catalog
    return out


def area_messages(area: str, locale: str = LOCALE) -> list[tuple[str, ...] | str]:
    """The messages of AREA's catalog of LOCALE (msgid, or (singular, plural))."""
    path = catalog_path(area, locale)
    if not path.exists():
        return []
    return [m.id for m in _read(path, locale) if m.id]


def missing(locale: str = LOCALE) -> list[tuple[str, ...] | str]:
    """Finnish: every marked string without a translation. Another locale: the strings of the
    Finnish catalogs of the areas held complete in it (``SWEDISH_COMPLETE``) without one."""
    done = translated(locale)
    if locale == LOCALE:
        return [m for key, m in sorted(extract().items()) if key not in done]
    wanted: dict[str, tuple[str, ...] | str] = {}
    for area in SWEDISH_COMPLETE:
        for m in area_messages(area):
            wanted[m[0] if isinstance(m, tuple) else m] = m
    return [m for key, m in sorted(wanted.items()) if key not in done]


def add(area: str, locale: str = LOCALE) -> int:
    """Append to AREA's catalog of LOCALE the strings it lacks: in Finnish every untranslated
    marked string; in another locale those of AREA's Finnish catalog untranslated anywhere."""
    path = catalog_path(area, locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        catalog = _read(path, locale)
    else:
        catalog = Catalog(locale=locale, project="Veturi", charset="utf-8")
    if locale == LOCALE:
        todo = missing()
    else:
        done = translated(locale)
        todo = [m for m in area_messages(area)
                if (m[0] if isinstance(m, tuple) else m) not in done]
    new = [m for m in todo if catalog.get(m[0] if isinstance(m, tuple) else m) is None]
    for message in new:
        catalog.add(message, string=("", "") if isinstance(message, tuple) else "")
    _write(path, catalog)
    return len(new)


def _write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False)


def prune(area: str, locale: str = LOCALE) -> int:
    """Drop the untranslated entries of AREA's catalog (other areas' strings that ``add`` took)."""
    path = catalog_path(area, locale)
    catalog = _read(path, locale)
    empty = [m.id for m in catalog if m.id and not _done(m)]
    for key in empty:
        catalog.delete(key)
    _write(path, catalog)
    return len(empty)


def compile_all() -> int:
    count = 0
    for path in sorted(TRANSLATIONS.glob("*/*/LC_MESSAGES/messages.po")):
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=path.parents[1].name)
        with path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)
        count += 1
    return count


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "missing"
    if command == "compile":
        print(f"compiled {compile_all()} catalogs")
        return 0
    locale = argv[2] if command in ("add", "prune") and len(argv) == 3 else (
        argv[1] if command == "missing" and len(argv) == 2 else LOCALE)
    if locale not in LOCALES:
        print(f"unknown locale {locale!r}; one of {', '.join(LOCALES)}", file=sys.stderr)
        return 2
    if command == "add" and len(argv) in (2, 3):
        print(f"added {add(argv[1], locale)} messages to {argv[1]}/{locale}")
        return 0
    if command == "prune" and len(argv) in (2, 3):
        print(f"removed {prune(argv[1], locale)} untranslated messages from {argv[1]}/{locale}")
        return 0
    if command == "missing":
        todo = missing(locale)
        for m in todo:
            print(m if isinstance(m, str) else " | ".join(m))
        print(f"{len(todo)} messages without a translation ({locale})", file=sys.stderr)
        return 1 if todo else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
