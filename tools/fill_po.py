"""Fill empty msgstr entries of one catalog from a Python dict file (``FI = {msgid: text}``).

    python -m tools.fill_po AREA path/to/translations.py
"""

from __future__ import annotations

import runpy
import sys

from babel.messages.pofile import read_po, write_po

from tools.i18n import LOCALE, TRANSLATIONS


def fill(area: str, mapping: dict) -> tuple[int, list[str]]:
    path = TRANSLATIONS / area / LOCALE / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=LOCALE)
    filled, left = 0, []
    for msg in catalog:
        if not msg.id:
            continue
        key = msg.id[0] if isinstance(msg.id, tuple) else msg.id
        value = mapping.get(key)
        if value is None:
            if not (msg.string if isinstance(msg.string, str) else all(msg.string)):
                left.append(key)
            continue
        msg.string = tuple(value) if isinstance(msg.id, tuple) else value
        filled += 1
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=False)
    return filled, left


if __name__ == "__main__":
    area, source = sys.argv[1], sys.argv[2]
    done, todo = fill(area, runpy.run_path(source)["FI"])
    print(f"filled {done}; still empty: {len(todo)}")
    for key in todo:
        print("  ", key)
