"""Component scores as a match row stores them: JSON text, compared as text by a later
rematch (an unchanged list writes nothing), so every writer makes it alike."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache


def components_json(names: Sequence[str], values: Sequence[float]) -> str:
    """Component scores as ``json.dumps`` writes them (the form the stored text is compared in)."""
    return json.dumps(dict(zip(names, values, strict=True)))


@lru_cache(maxsize=16)
def components_template(names: Sequence[str]) -> str:
    """``template % tuple(values)`` gives ``components_json(names, values)`` for finite floats
    (``%r`` is the float repr ``json`` writes), some twenty times faster for millions of rows.
    Kept per set of names (``names`` a tuple): asked for once per company."""
    return "{" + ", ".join(f"{json.dumps(n)}: %r" for n in names) + "}"
