"""The version of the matching code and data, for what outlives a process: a pickled
``Matcher`` (the app's shared artifact) holds this code's objects and the term list it read,
so one fitted by other code must not be loaded (its fields, signatures or scoring may differ).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable


def _files(folder: Traversable) -> list[Traversable]:
    out: list[Traversable] = []
    for item in folder.iterdir():
        if item.is_dir():
            if item.name != "__pycache__":
                out.extend(_files(item))
        elif item.name.endswith((".py", ".tsv")):
            out.append(item)
    return out


@lru_cache(maxsize=1)
def code_version() -> str:
    """A short digest of every module and data file of the package (names and contents)."""
    digest = hashlib.sha256()
    package = resources.files("matching")
    for item in sorted(_files(package), key=lambda f: str(f)):
        digest.update(str(item).removeprefix(str(package)).encode())
        digest.update(item.read_bytes())
    return digest.hexdigest()[:16]
