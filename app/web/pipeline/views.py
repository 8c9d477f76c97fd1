"""The pipeline's pages: the board, the stalled list, moving and parking a company."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from app import authz, clock
from app.errors import FieldError
from app.extensions import db
from app.i18n import fmt_date
from app.i18n import gettext as _
from app.limits import date_in_range
from app.services import pipeline
from app.services.pipeline import BoardFilters, StaleStage
from app.web.pipeline import bp
from app.web.pipeline.cards import CardContext, escaped, render_cards
from app.web.pipeline.forms import BoardFilterForm, MoveForm, ParkForm
from app.web.pipeline.reasons import reasons
from app.web.redirects import safe_next


def _filters(form: BoardFilterForm) -> BoardFilters:
    ok = form.validate()
    get = (lambda f: f.data) if ok else (lambda f: None)
    return BoardFilters(city_id=get(form.town), owner_id=get(form.owner),
                        flag=get(form.flag) or "", industry=(get(form.industry) or "").strip())


def _card_texts() -> dict[str, str]:
    """The cards' texts, translated once per page rather than once per card (a board may hold
    thousands); the ones with a placeholder are filled in by the template's ``format``."""
    return {"stalled": _("Stalled"), "anchor": _("Anchor"), "growth": _("Growth-seeking"),
            "town": _("Town"), "owner": _("Owner"), "in_stage": _("In stage"),
            "days": _("%(n)d days"), "last_contact": _("Last contact"),
            "days_ago": _("%(n)d days ago"), "none": _("none"), "open_tasks": _("Open tasks"),
            "best_match": _("Best match"), "deadline": _("deadline %(date)s"),
            "move_to": _("Move to stage"), "note": _("Note (optional)"), "move": _("Move"),
            "park": _("Park")}


@bp.get("/pipeline")
@login_required
def board():
    form = BoardFilterForm(request.args)
    filters = _filters(form)
    columns = pipeline.board(db.session, current_user, filters, today=clock.today())
    here = request.full_path
    locale = str(get_locale() or "fi")
    ctx = CardContext(
        texts=escaped(_card_texts()),
        options=[(str(escape(c.stage.key)), str(escape(c.stage.name(locale)))) for c in columns],
        company_url=url_for("companies.detail", company_id=0),
        move_url=url_for("pipeline.move", company_id=0),
        park_url=str(escape(url_for("pipeline.park", company_id=0, next=here))),
        token=str(escape(generate_csrf())), here=str(escape(here)),
        may_move=authz.can(current_user, "pipeline.move"),
        show_town=filters.city_id is None and authz.can(current_user, "network.view_all"),
        day=lru_cache(maxsize=None)(fmt_date),  # many cards share a deadline: format each once
    )
    return render_template(
        "pipeline/board.html", form=form, filters=filters,
        columns=[(c, render_cards(c.cards, ctx)) for c in columns],
        towns=pipeline.list_towns(db.session, current_user),
        owners=pipeline.board_owners(db.session, current_user, filters.city_id),
        stalled=sum(card.is_stalled for c in columns for card in c.cards),
    )


@bp.get("/pipeline/stalled")
@login_required
def stalled():
    town = request.args.get("town", type=int)
    rows = pipeline.stalled_companies(db.session, current_user, clock.today(), city_id=town)
    return render_template("pipeline/stalled.html", rows=rows,
                           towns=pipeline.list_towns(db.session, current_user), town=town)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _refused(company_id: int, status: int, message: str, current: str | None = None):
    if _wants_json():
        response = jsonify({"message": message, "status": status, "current_stage": current})
        response.status_code = status
        return response
    return render_template("pipeline/refused.html", message=message, company_id=company_id,
                           back=_back()), status


def _back() -> str:
    return safe_next(request.form.get("next"), url_for("pipeline.board"))


@bp.post("/pipeline/companies/<int:company_id>/move")
@login_required
def move(company_id: int):
    """A move from a card's plain form (keyboard) or a drag on the board (JSON answer)."""
    form = MoveForm()
    if not form.validate_on_submit():
        return _refused(company_id, 422, " ".join(e for f in form for e in f.errors))
    try:
        result = pipeline.move_company(db.session, current_user, company_id, form.stage.data,
                                       expected_stage=form.expected(request.form),
                                       note=form.note.data)
    except StaleStage as exc:
        return _refused(company_id, 409, str(exc.message), exc.current_stage)
    except FieldError as exc:
        return _refused(company_id, 422, str(exc.message))
    message = _("Moved.") if result.changed else _("The company already was in that stage.")
    if _wants_json():
        return jsonify({"message": message, "stage": result.to_stage, "changed": result.changed})
    flash(message, "success")
    return redirect(_back() + f"#card-{company_id}", 303)


@bp.route("/pipeline/companies/<int:company_id>/park", methods=["GET", "POST"])
@login_required
def park(company_id: int):
    company, place = pipeline.company_for_move(db.session, current_user, company_id)
    form = ParkForm()
    if form.validate_on_submit():
        try:
            pipeline.park_company(db.session, current_user, company_id, form.reason.data,
                                  expected_stage=form.expected(request.form))
        except StaleStage as exc:
            return _refused(company_id, 409, str(exc.message), exc.current_stage)
        except FieldError as exc:
            form.add_errors(exc)
        else:
            flash(_("The company was taken off the board."), "success")
            return redirect(_back(), 303)
    status = 422 if form.errors else 200
    if not form.is_submitted():
        form.expected_stage.data = place.key or ""
        form.next.data = request.args.get("next", "")
    return render_template("pipeline/park.html", form=form, company=company,
                           place=place), status


def _review_args() -> tuple[BoardFilters, date]:
    form = BoardFilterForm(request.args)
    since = request.args.get("since", type=date.fromisoformat) or None
    if since is None or not date_in_range(since):
        since = clock.today() - timedelta(days=7)
    return _filters(form), since


@bp.get("/pipeline/review")
@login_required
def review():
    filters, since = _review_args()
    data = pipeline.review(db.session, current_user, filters, since=since, today=clock.today())
    return render_template("pipeline/review.html", review=data, filters=filters,
                           towns=pipeline.list_towns(db.session, current_user))


@bp.get("/pipeline/review.xlsx")
@login_required
def review_export():
    filters, since = _review_args()
    data = pipeline.review(db.session, current_user, filters, since=since, today=clock.today())
    return Response(
        pipeline.review_xlsx(data, str(get_locale() or "fi")),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition":
                 f'attachment; filename="putki-{since.isoformat()}.xlsx"'},
    )


@bp.get("/pipeline/funnel")
@login_required
def funnel():
    town = request.args.get("town", type=int)
    end = request.args.get("end", type=date.fromisoformat) or clock.today()
    start = request.args.get("start", type=date.fromisoformat) or end - timedelta(days=90)
    if not (date_in_range(start) and date_in_range(end)) or start > end:
        start, end = clock.today() - timedelta(days=90), clock.today()
    data = pipeline.funnel(db.session, current_user, town, start=start, end=end)
    return render_template("pipeline/funnel.html", funnel=data, town=town,
                           towns=pipeline.list_towns(db.session, current_user))


@bp.get("/pipeline/signals")
@login_required
def signals():
    """Unflagged companies whose growth or anchor signal is high, with the reasons."""
    town = request.args.get("town", type=int)
    rows = pipeline.flag_candidates(db.session, current_user, town)
    return render_template("pipeline/signals.html", rows=rows, town=town, reasons=reasons,
                           towns=pipeline.list_towns(db.session, current_user))
