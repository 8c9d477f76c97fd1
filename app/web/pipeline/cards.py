"""The board's cards as HTML, built in Python: a board may hold thousands of cards and Jinja's
per-card overhead (attribute lookups, include contexts) made a 2,000-card board take about a
second. Every value is escaped (markupsafe); the markup is the same as ``_card.html`` had."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from markupsafe import Markup, escape

from app.services.pipeline import Card


@dataclass(frozen=True, slots=True)
class CardContext:
    """What every card of one page shares, prepared once."""

    texts: dict[str, str]
    options: list[tuple[str, str]]  # (stage key, name)
    company_url: str  # with "/0" for the company id
    move_url: str  # with "/0/"
    park_url: str  # with "/0/"
    token: str
    here: str
    may_move: bool
    show_town: bool
    day: Callable[[date], str]


def _split(template: str, marker: str) -> tuple[str, str]:
    """A URL built with company id 0, cut around the id: (before, after)."""
    before, _found, after = template.partition(marker)
    return before + marker[: marker.index("0")], marker[marker.index("0") + 1:] + after


@lru_cache(maxsize=4096)
def _esc(value: str) -> str:
    """Escaped text of a value many cards share (an owner, a town): escaped once per page."""
    return str(escape(value))


class _Page:
    """Everything the cards of one page share, built once: the fixed parts of the markup."""

    def __init__(self, x: CardContext) -> None:
        t = self.t = x.texts
        self.x = x
        self.company = _split(x.company_url, "/0")
        self.move = _split(x.move_url, "/0/")
        self.park = _split(x.park_url, "/0/")
        self.tags = {(stalled, anchor, growth): "".join((
            f'<span class="tag tag--stalled">{t["stalled"]}</span>' if stalled else "",
            f'<span class="tag tag--anchor">{t["anchor"]}</span>' if anchor else "",
            f'<span class="tag tag--growth">{t["growth"]}</span>' if growth else ""))
            for stalled in (False, True) for anchor in (False, True) for growth in (False, True)}
        # per stage: the hidden fields and the choices with that stage selected
        self.hidden = {
            key: (f'<input type="hidden" name="csrf_token" value="{x.token}">'
                  f'<input type="hidden" name="next" value="{x.here}">'
                  f'<input type="hidden" name="expected_stage" value="{_esc(key)}">')
            for key, _label in x.options}
        self.options = {
            chosen: "".join(
                f'<option value="{key}"{" selected" if key == chosen else ""}>{label}</option>'
                for key, label in x.options)
            for chosen, _label in x.options}

    def facts(self, c: Card) -> str:
        t, x = self.t, self.x
        contact = (t["days_ago"] % {"n": c.days_since_contact} if c.last_contact_on
                   else t["none"])
        match = "–"
        if c.best_match_score is not None:
            match = f"{round(c.best_match_score)} / 100"
            if c.best_match_deadline:
                day = x.day(c.best_match_deadline.date())
                match += ", " + _esc(t["deadline_raw"] % {"date": day})
        town = f'<dt>{t["town"]}</dt><dd>{_esc(c.city_name)}</dd>' if x.show_town else ""
        return (f'<dl class="board-facts">{town}<dt>{t["owner"]}</dt>'
                f'<dd>{_esc(c.owner_name or "–")}</dd><dt>{t["in_stage"]}</dt>'
                f'<dd>{t["days"] % {"n": c.days_in_stage}}</dd><dt>{t["last_contact"]}</dt>'
                f'<dd>{contact}</dd><dt>{t["open_tasks"]}</dt><dd>{c.open_tasks}</dd>'
                f'<dt>{t["best_match"]}</dt><dd>{match}</dd></dl>')

    def form(self, c: Card, name: str) -> str:
        t, cid = self.t, c.company_id
        return (
            f'<form method="post" action="{self.move[0]}{cid}{self.move[1]}" class="card-move">'
            f'{self.hidden[c.stage_key]}'
            f'<label for="stage-{cid}">{t["move_to"]}</label>'
            f'<select id="stage-{cid}" name="stage">{self.options[c.stage_key]}</select>'
            f'<label for="note-{cid}" class="visually-hidden">{t["note"]}</label>'
            f'<input id="note-{cid}" name="note" type="text" maxlength="2000" '
            f'placeholder="{t["note"]}">'
            f'<button type="submit" class="button button--small">{t["move"]}'
            f'<span class="visually-hidden"> {name}</span></button>'
            f'<a href="{self.park[0]}{cid}{self.park[1]}">{t["park"]}'
            f'<span class="visually-hidden"> {name}</span></a></form>')


def render_cards(cards: Iterable[Card], x: CardContext) -> Markup:
    """The ``<li>`` of each card, in order."""
    page = _Page(x)
    out = []
    for c in cards:
        name = str(escape(c.name))
        cid = c.company_id
        stalled = " board-card--stalled" if c.is_stalled else ""
        form = page.form(c, name) if x.may_move else ""
        tags = page.tags[(c.is_stalled, c.is_anchor, c.is_growth_seeking)]
        out.append(
            f'<li class="board-card{stalled}" id="card-{cid}" data-company="{cid}">'
            f'<h3><a href="{page.company[0]}{cid}{page.company[1]}">{name}</a></h3>'
            f'<p class="board-tags">{tags}</p>{page.facts(c)}{form}</li>')
    return Markup("".join(out))


def escaped(texts: dict[str, str]) -> dict[str, str]:
    """The texts escaped once; ``%(...)s`` placeholders survive escaping."""
    out = {k: str(escape(v)) for k, v in texts.items()}
    out["deadline_raw"] = texts["deadline"]  # filled with a date, then escaped as a whole
    return out
