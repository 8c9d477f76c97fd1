"""Each user's start page, where sign-in lands (the company list stays at ``/``)."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from app import authz
from app.extensions import db
from app.services import benefits
from app.web.benefits import bp
from app.web.benefits.dashboard import local_today


@bp.get("/start")
@login_required
def start():
    raw = request.args.get("town", "")
    city_id = int(raw) if raw.isdigit() and len(raw) < 10 else None
    page = benefits.start_page(db.session, current_user, today=local_today(), city_id=city_id)
    towns = (benefits.town_choices(db.session, current_user)
             if authz.is_coordinator(current_user) else [])
    return render_template("benefits/start.html", page=page, towns=towns, today=local_today())
