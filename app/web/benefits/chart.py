"""A server-side SVG bar chart of euros applied and granted per quarter. Readable without
colour: the two series differ by fill pattern (solid / hatched), every bar carries its value,
and the page shows the same numbers as a table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.i18n import fmt_money

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 720, 300, 30, 40, 10


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: str
    text: str


def quarter_chart(quarters: dict[tuple[int, int], Any]) -> dict[str, Any]:
    """Bars and labels for ``Figures.by_quarter``: applied and granted euros side by side."""
    values = [(f"{y} Q{q}", s.applied_eur, s.granted_eur) for (y, q), s in quarters.items()]
    top = max([max(a, g) for _l, a, g in values] + [Decimal(1)])
    slot = (WIDTH - LEFT * 2) / max(len(values), 1)
    bar_w = min(slot * 0.38, 60)
    usable = HEIGHT - TOP - BOTTOM
    bars, labels = [], []
    for i, (label, applied, granted) in enumerate(values):
        x0 = LEFT + i * slot + (slot - 2 * bar_w - 4) / 2
        for j, (series, amount) in enumerate((("applied", applied), ("granted", granted))):
            h = float(amount / top) * usable
            bars.append(Bar(x0 + j * (bar_w + 4), TOP + usable - h, bar_w, h, series,
                            fmt_money(amount)))
        labels.append((LEFT + i * slot + slot / 2, label))
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "labels": labels,
            "baseline": TOP + usable}
