"""Keep the Finnish catalogs complete and compiled.

The UI strings are written in English and marked with ``_``/``_l``; Finnish (the default) lives in
``app/translations/<area>/fi/LC_MESSAGES/messages.po``, one catalog per area so that work on
different areas never edits the same file. Flask-Babel merges them at run time.

    python -m tools.i18n missing          # marked strings with no Finnish translation anywhere
    python -m tools.i18n add AREA         # append those strings to AREA's catalog, to translate
    python -m tools.i18n prune AREA       # drop AREA's untranslated entries (others' strings)
    python -m tools.i18n compile          # .po -> .mo for every area (make run / make test do it)

A few areas also carry another language for their public pages (the R&D&I directory's Swedish,
``directory/sv``); ``compile`` builds those too, and Finnish stays the one that must be complete.
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
METHOD_MAP = [("**.py", "python"), ("templates/**.html", "jinja2"),
              ("templates/**.txt", "jinja2")]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
            "ngettext": (1, 2), "lazy_ngettext": (1, 2)}


def catalog_paths() -> list[Path]:
    return sorted(TRANSLATIONS.glob(f"*/{LOCALE}/LC_MESSAGES/messages.po"))


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


def translated() -> dict[str, Catalog]:
    out: dict[str, Catalog] = {}
    for path in catalog_paths():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=LOCALE)
        for msg in catalog:
            key = msg.id[0] if isinstance(msg.id, tuple) else msg.id
            strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
            if key and all(strings):
                out[key] = catalog
    return out


def missing() -> list[tuple[str, ...] | str]:
    done = translated()
    return [m for key, m in sorted(extract().items()) if key not in done]


def add(area: str) -> int:
    path = TRANSLATIONS / area / LOCALE / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=LOCALE)
    else:
        catalog = Catalog(locale=LOCALE, project="Veturi", charset="utf-8")
    new = [m for m in missing() if catalog.get(m[0] if isinstance(m, tuple) else m) is None]
    for message in new:
        catalog.add(message, string=("", "") if isinstance(message, tuple) else "")
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
    return len(new)


def prune(area: str) -> int:
    """Drop the untranslated entries of AREA's catalog (other areas' strings that ``add`` took)."""
    path = TRANSLATIONS / area / LOCALE / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=LOCALE)
    empty = [m.id for m in catalog
             if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    for key in empty:
        catalog.delete(key)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
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
    if command == "add" and len(argv) == 2:
        print(f"added {add(argv[1])} messages to {argv[1]}")
        return 0
    if command == "prune" and len(argv) == 2:
        print(f"removed {prune(argv[1])} untranslated messages from {argv[1]}")
        return 0
    if command == "missing":
        todo = missing()
        for m in todo:
            print(m if isinstance(m, str) else " | ".join(m))
        print(f"{len(todo)} messages without a Finnish translation", file=sys.stderr)
        return 1 if todo else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
