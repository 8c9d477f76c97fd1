"""The network page and its meetings. Views stay thin: ``app.services.network`` does the work."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import authz, clock
from app.errors import FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.ics import IcsEvent, calendar_bytes
from app.services import network
from app.web.forms import form_page
from app.web.network import bp
from app.web.network.forms import (
    ChairForm,
    CycleForm,
    DecisionForm,
    FollowUpForm,
    GoalForm,
    MeetingForm,
    city_id_of,
    town_choices,
)


def _towns(overview=None) -> list:
    return (overview or network.overview(db.session, current_user)).towns


def _goal_form(towns: list) -> GoalForm:
    form = GoalForm()
    if authz.is_coordinator(current_user):
        form.city_id.choices = town_choices(towns, _("The network (strategy)"))
    else:
        own = [t for t in towns if t.id == current_user.city_id]
        form.city_id.choices = town_choices(own, _("Choose…"))[1:]
    return form


def _page(chair: ChairForm | None = None, goal: GoalForm | None = None,
          cycle: CycleForm | None = None, status: int = 200):
    ov = network.overview(db.session, current_user)
    chair = chair or ChairForm(formdata=None)
    chair.city_id.choices = town_choices(ov.towns, _("Choose…"))
    goal = goal or _goal_form(ov.towns)
    if not goal.city_id.choices:
        goal.city_id.choices = town_choices(ov.towns, _("The network (strategy)"))
    cycle = cycle or CycleForm(formdata=None, text=ov.meeting_cycle)
    return render_template("network/index.html", ov=ov, chair_form=chair, goal_form=goal,
                           cycle_form=cycle, strategy_year=network.STRATEGY_YEAR,
                           today=clock.today(),
                           can_follow_up=lambda d: network.can_follow_up(current_user, d),
                           follow_up_form=lambda d: FollowUpForm(
                               formdata=None, follow_up=d.follow_up, done=d.done_on is not None,
                           )), status


@bp.get("/network")
@login_required
def index():
    return _page()


@bp.post("/network/chair")
@login_required
def set_chair():
    form = ChairForm()
    form.city_id.choices = town_choices(_towns(), "")
    if form.validate_on_submit():
        try:
            network.set_chair(db.session, current_user, city_id_of(form), form.starts_on.data)
        except FieldError as exc:
            form.add_errors(exc)
        else:
            flash(_("The chair term has been recorded."), "success")
            return redirect(url_for("network.index"))
    return _page(chair=form, status=422)


@bp.post("/network/goals")
@login_required
def add_goal():
    authz.require(current_user, "network.town_edit")
    form = _goal_form(_towns())
    if form.validate_on_submit():
        try:
            network.add_goal(db.session, current_user, city_id_of(form), form.title.data,
                             form.description.data or "", form.target_year.data)
        except FieldError as exc:
            form.add_errors(exc)
        else:
            flash(_("The goal has been added."), "success")
            return redirect(url_for("network.index"))
    return _page(goal=form, status=422)


@bp.post("/network/cycle")
@login_required
def set_cycle():
    form = CycleForm()
    if form.validate_on_submit():
        network.set_meeting_cycle(db.session, current_user, form.text.data or "")
        flash(_("The meeting cycle has been saved."), "success")
        return redirect(url_for("network.index"))
    return _page(cycle=form, status=422)


@bp.get("/network/meetings")
@login_required
def meetings():
    q = (request.args.get("q") or "")[:200]
    rows = network.search_meetings(db.session, current_user, q)
    return render_template("network/meetings.html", rows=rows, q=q)


@bp.route("/network/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting():
    authz.require(current_user, "network.edit")
    form = MeetingForm()
    return form_page(
        form, lambda: network.create_meeting(db.session, current_user, form.to_input()),
        success=_("The meeting has been added."),
        redirect_to=lambda m: url_for("network.meeting", meeting_id=m.id),
        template="network/meeting_form.html", meeting=None)


@bp.route("/network/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id: int):
    authz.require(current_user, "network.edit")
    meeting = network.get_meeting(db.session, current_user, meeting_id)
    form = MeetingForm(obj=meeting)
    if not form.is_submitted():
        zone = clock.zone()
        form.starts_at.data = meeting.starts_at.astimezone(zone).replace(tzinfo=None)
        form.ends_at.data = meeting.ends_at.astimezone(zone).replace(tzinfo=None)
    return form_page(
        form, lambda: network.update_meeting(db.session, current_user, meeting_id,
                                             form.to_input()),
        success=_("The meeting has been saved."),
        redirect_to=lambda m: url_for("network.meeting", meeting_id=m.id),
        template="network/meeting_form.html", meeting=meeting)


def _decision_form() -> DecisionForm:
    form = DecisionForm()
    form.owner_city_id.choices = town_choices(_towns(), _("No town"))
    return form


def _meeting_page(meeting_id: int, form: DecisionForm | None = None, status: int = 200):
    meeting = network.get_meeting(db.session, current_user, meeting_id)
    if form is None:
        form = DecisionForm(formdata=None)
        form.owner_city_id.choices = town_choices(_towns(), _("No town"))
    return render_template(
        "network/meeting.html", meeting=meeting, form=form, today=clock.today(),
        can_follow_up=lambda d: network.can_follow_up(current_user, d),
        follow_up_form=lambda d: FollowUpForm(formdata=None, follow_up=d.follow_up,
                                              done=d.done_on is not None)), status


@bp.get("/network/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    return _meeting_page(meeting_id)


@bp.post("/network/meetings/<int:meeting_id>/decisions")
@login_required
def add_decision(meeting_id: int):
    authz.require(current_user, "network.edit")
    form = _decision_form()
    if form.validate_on_submit():
        try:
            network.add_decision(db.session, current_user, meeting_id, form.to_input())
        except FieldError as exc:
            form.add_errors(exc)
        else:
            flash(_("The decision has been recorded."), "success")
            return redirect(url_for("network.meeting", meeting_id=meeting_id))
    return _meeting_page(meeting_id, form, 422)


@bp.post("/network/decisions/<int:decision_id>")
@login_required
def follow_up(decision_id: int):
    form = FollowUpForm()
    if form.validate_on_submit():
        decision = network.update_follow_up(db.session, current_user, decision_id,
                                            form.follow_up.data or "", bool(form.done.data))
        flash(_("The follow-up has been saved."), "success")
        target = request.form.get("back") == "meeting"
        if target:
            return redirect(url_for("network.meeting", meeting_id=decision.meeting_id))
        return redirect(url_for("network.index"))
    flash(_("The follow-up could not be saved: it is too long."), "error")
    return redirect(url_for("network.index"))


@bp.get("/network/meetings/<int:meeting_id>.ics")
@login_required
def meeting_ics(meeting_id: int):
    meeting = network.get_meeting(db.session, current_user, meeting_id)
    url = current_app.config["BASE_URL"] + url_for("network.meeting", meeting_id=meeting.id)
    event = IcsEvent(uid=f"network-meeting-{meeting.id}@veturi", summary=meeting.title,
                     start=meeting.starts_at, end=meeting.ends_at,
                     description=meeting.agenda or None, url=url,
                     location=meeting.place or None)
    body = calendar_bytes([event], name=meeting.title)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'})
