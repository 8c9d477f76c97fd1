"""The benefits dashboard, its report files, and the public summary for the network's site."""

from __future__ import annotations

from datetime import date
from time import monotonic
from typing import Any

from flask import Response, abort, current_app, render_template, request
from flask_babel import force_locale
from flask_login import current_user, login_required

from app import clock
from app.extensions import db
from app.services import benefits
from app.services.benefits import Period
from app.web.benefits import bp
from app.web.benefits.chart import quarter_chart


def local_today() -> date:
    """Today in the network's time zone."""
    return clock.today()


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _period(today: date) -> Period:
    """From the query: a preset (last quarter, this year) or start and end dates; a range that
    is backwards, too long or unreadable falls back to the last twelve months."""
    preset = request.args.get("preset")
    if preset == "last_quarter":
        return benefits.last_quarter(today)
    if preset == "year":
        return Period(date(today.year, 1, 1), today)
    start, end = _date_arg("start"), _date_arg("end")
    if start and end and start <= end and (end - start).days <= 3660 and start.year >= 1990:
        return Period(start, end)
    return benefits.default_period(today)


def _town() -> int | None:
    raw = request.args.get("town", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _board() -> benefits.Dashboard:
    return benefits.dashboard(db.session, current_user, city_id=_town(),
                              period=_period(local_today()))


@bp.get("/benefits")
@login_required
def dashboard():
    board = _board()
    return render_template(
        "benefits/dashboard.html", board=board, chart=quarter_chart(board.current.by_quarter),
        towns=benefits.town_choices(db.session, current_user),
        network_allowed=True, args=request.args.to_dict())


@bp.get("/benefits/report.<fmt>")
@login_required
def report(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    board = _board()
    name = f"hyodyt_{board.current.period.start}_{board.current.period.end}.{fmt}"
    if fmt == "csv":
        return Response(benefits.report_csv(board), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return Response(
        benefits.report_xlsx(board),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'})


_PUBLIC_CACHE: dict[tuple[str, date], tuple[float, Period, list[Any]]] = {}


def _public_figures(preset: str, today: date) -> tuple[Period, list[Any]]:
    """The public summary, kept for ``BENEFITS_PUBLIC_CACHE_SECONDS`` (600; none when testing):
    the page needs no sign-in and aggregates the whole network, so it must not be a way to load
    the database. Only the presets are offered, which keeps the cache small."""
    ttl = current_app.config.get("BENEFITS_PUBLIC_CACHE_SECONDS",
                                 0 if current_app.testing else 600)
    key = (preset, today)
    hit = _PUBLIC_CACHE.get(key)
    if hit is not None and monotonic() - hit[0] < ttl:
        return hit[1], hit[2]
    period = {"last_quarter": benefits.last_quarter(today),
              "year": Period(date(today.year, 1, 1), today)}.get(
        preset, benefits.default_period(today))
    figures = benefits.public_summary(db.session, period)
    if ttl:
        _PUBLIC_CACHE.clear()  # one day's presets at most
        _PUBLIC_CACHE[key] = (monotonic(), period, figures)
    return period, figures


@bp.get("/public/benefits")
def public():
    """The network's results for its website: no sign-in, Finnish, Swedish or English
    (``lang``), for the last 12 months, the last quarter or this year (``preset``)."""
    lang = request.args.get("lang") if request.args.get("lang") in ("fi", "sv", "en") else "fi"
    preset = request.args.get("preset", "")
    period, figures = _public_figures(preset if preset in ("last_quarter", "year") else "",
                                      local_today())
    with force_locale(lang):
        return render_template("benefits/public.html", figures=figures, period=period,
                               lang=lang, min_companies=benefits.MIN_COMPANIES)
