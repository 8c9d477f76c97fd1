"""The board's cards as HTML, built in Python: a board may hold thousands of cards and Jinja's
per-card overhead (attribute lookups, include contexts) made a 2,000-card board take about a
second. Every value is escaped (markupsafe); the markup is the same as ``_card.html`` had."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

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


def _url(template: str, marker: str, company_id: int) -> str:
    return template.replace(marker, marker.replace("0", str(company_id)), 1)


def _tags(c: Card, t: dict[str, str]) -> str:
    out = []
    if c.is_stalled:
        out.append(f'<span class="tag tag--stalled">{t["stalled"]}</span>')
    if c.is_anchor:
        out.append(f'<span class="tag tag--anchor">{t["anchor"]}</span>')
    if c.is_growth_seeking:
        out.append(f'<span class="tag tag--growth">{t["growth"]}</span>')
    return "".join(out)


def _facts(c: Card, x: CardContext) -> str:
    t = x.texts
    contact = (t["days_ago"] % {"n": c.days_since_contact} if c.last_contact_on else t["none"])
    match = "–"
    if c.best_match_score is not None:
        match = f"{round(c.best_match_score)} / 100"
        if c.best_match_deadline:
            day = x.day(c.best_match_deadline.date())
            match += ", " + str(escape(t["deadline_raw"] % {"date": day}))
    town = f'<dt>{t["town"]}</dt><dd>{escape(c.city_name)}</dd>' if x.show_town else ""
    return (f'<dl class="board-facts">{town}<dt>{t["owner"]}</dt>'
            f'<dd>{escape(c.owner_name or "–")}</dd><dt>{t["in_stage"]}</dt>'
            f'<dd>{t["days"] % {"n": c.days_in_stage}}</dd><dt>{t["last_contact"]}</dt>'
            f'<dd>{contact}</dd><dt>{t["open_tasks"]}</dt><dd>{c.open_tasks}</dd>'
            f'<dt>{t["best_match"]}</dt><dd>{match}</dd></dl>')


def _option_lists(x: CardContext) -> dict[str, str]:
    """The stage choices with each stage selected, built once per page."""
    return {
        chosen: "".join(
            f'<option value="{key}"{" selected" if key == chosen else ""}>{label}</option>'
            for key, label in x.options)
        for chosen, _label in x.options
    }


def _form(c: Card, x: CardContext, name: str, option_lists: dict[str, str]) -> str:
    t, cid = x.texts, c.company_id
    options = option_lists[c.stage_key]
    return (
        f'<form method="post" action="{_url(x.move_url, "/0/", cid)}" class="card-move">'
        f'<input type="hidden" name="csrf_token" value="{x.token}">'
        f'<input type="hidden" name="next" value="{x.here}">'
        f'<input type="hidden" name="expected_stage" value="{escape(c.stage_key)}">'
        f'<label for="stage-{cid}">{t["move_to"]}</label>'
        f'<select id="stage-{cid}" name="stage">{options}</select>'
        f'<label for="note-{cid}" class="visually-hidden">{t["note"]}</label>'
        f'<input id="note-{cid}" name="note" type="text" maxlength="2000" '
        f'placeholder="{t["note"]}">'
        f'<button type="submit" class="button button--small">{t["move"]}'
        f'<span class="visually-hidden"> {name}</span></button>'
        f'<a href="{_url(x.park_url, "/0/", cid)}">{t["park"]}'
        f'<span class="visually-hidden"> {name}</span></a></form>')


def render_cards(cards: Iterable[Card], x: CardContext) -> Markup:
    """The ``<li>`` of each card, in order."""
    out = []
    option_lists = _option_lists(x)
    for c in cards:
        name = escape(c.name)
        stalled = " board-card--stalled" if c.is_stalled else ""
        form = _form(c, x, name, option_lists) if x.may_move else ""
        link = _url(x.company_url, "/0", c.company_id)
        out.append(
            f'<li class="board-card{stalled}" id="card-{c.company_id}" '
            f'data-company="{c.company_id}"><h3><a href="{link}">{name}</a></h3>'
            f'<p class="board-tags">{_tags(c, x.texts)}</p>{_facts(c, x)}{form}</li>')
    return Markup("".join(out))


def escaped(texts: dict[str, str]) -> dict[str, str]:
    """The texts escaped once; ``%(...)s`` placeholders survive escaping."""
    out = {k: str(escape(v)) for k, v in texts.items()}
    out["deadline_raw"] = texts["deadline"]  # filled with a date, then escaped as a whole
    return out
