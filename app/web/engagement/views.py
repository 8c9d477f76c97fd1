from __future__ import annotations

from datetime import timedelta

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from app import authz, clock
from app.errors import FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.i18n import ngettext, town_name
from app.ics import IcsEvent, calendar_bytes
from app.models import Task
from app.services import companies, engagement
from app.services.companies.search import CompanyFilters
from app.services.engagement import TaskChange
from app.web.engagement import bp
from app.web.engagement.forms import (
    BulkTaskForm,
    FindCompanyForm,
    InteractionForm,
    ReassignForm,
    RescheduleForm,
    TaskForm,
)
from app.web.forms import choices, form_page, require_csrf
from app.web.redirects import safe_next


def _staff_choices(company) -> list:  # type: ignore[no-untyped-def]
    return choices(
        (u.id, u.name) for u in engagement.assignable_staff(db.session, current_user, company)
    )


def _back(default: str) -> str:
    return safe_next(request.form.get("next"), default)


@bp.get("/log")
@login_required
def log():
    if not authz.can(current_user, "interaction.create"):
        abort(403)  # refused at once, not after the user has looked for a company
    form = FindCompanyForm(request.args)
    results = None
    if form.q.data and form.q.data.strip():
        results = companies.search_companies(
            db.session, current_user, CompanyFilters(q=form.q.data), per_page=20
        ).items
    return render_template("engagement/find.html", form=form, results=results)


@bp.get("/companies/suggest")
@login_required
def suggest():
    """Companies as you type, for the log-a-contact shortcut (JSON for static/js/suggest.js)."""
    if not authz.can(current_user, "interaction.create"):
        abort(403)
    q = (request.args.get("q") or "").strip()[:200]
    if len(q) < 2:
        return jsonify({"items": []})
    page = companies.search_companies(db.session, current_user, CompanyFilters(q=q), per_page=10)
    return jsonify(
        {
            "items": [
                {
                    "id": c.id,
                    "name": c.name,
                    "business_id": c.business_id,
                    "town": town_name(c.city),
                    "url": url_for("engagement.new_interaction", company_id=c.id),
                }
                for c in page.items
            ]
        }
    )


def interaction_form(company, *, fresh: bool = True) -> InteractionForm:  # type: ignore[no-untyped-def]
    """The "Log a contact" form of a company, its choices filled; ``fresh`` also sets the
    defaults of a new entry (today, the actor as participant and follow-up assignee). The
    company page opens the same form in place."""
    form = InteractionForm() if not fresh else InteractionForm(formdata=None)
    form.contact_ids.choices = choices(
        (c.id, c.full_name) for c in company.contacts if not c.erased_at
    )
    form.staff_ids.choices = _staff_choices(company)
    form.follow_up_assignee_id.choices = [
        *choices([("", _("Nobody yet"))]),
        *_staff_choices(company),
    ]
    if fresh:
        form.occurred_on.data = clock.today()
        form.staff_ids.data = [current_user.id]
        form.follow_up_assignee_id.data = current_user.id
    return form


def _prefill(form: InteractionForm) -> None:
    """Fields a link may fill in advance (a task's outcome, a proposed call): kind, summary and
    a follow-up's title and due date. Only the form's own fields; the user still saves it."""
    args = request.args
    if args.get("kind") in {c.value for c in form.kind.choices}:  # type: ignore[union-attr]
        form.kind.data = args["kind"]
    if args.get("summary"):
        form.summary.data = args["summary"][:2000]
    if args.get("follow_up_title"):
        form.follow_up_title.data = args["follow_up_title"][:200]
    days = args.get("follow_up_in", type=int)
    if days is not None and 0 <= days <= 365:
        form.follow_up_due_on.data = clock.today() + timedelta(days=days)


@bp.route("/companies/<int:company_id>/interactions/new", methods=["GET", "POST"])
@login_required
def new_interaction(company_id: int):
    company = authz.get_company(db.session, current_user, company_id)
    if not authz.can(current_user, "interaction.create", company):
        abort(403)
    form = interaction_form(company, fresh=request.method == "GET")
    if request.method == "GET":
        _prefill(form)
    return form_page(
        form,
        lambda: engagement.log_interaction(
            db.session, current_user, company.id, form.to_input(), today=clock.today()
        ),
        success=_("Contact logged."),
        redirect_to=lambda _i: url_for("companies.detail", company_id=company.id) + "#timeline-h",
        template="engagement/interaction_form.html",
        check=lambda: engagement.check_interaction(
            db.session, current_user, company.id, form.to_input(), today=clock.today()
        ),
        company=company,
    )


@bp.route("/companies/<int:company_id>/tasks/new", methods=["GET", "POST"])
@login_required
def new_task(company_id: int):
    company = authz.get_company(db.session, current_user, company_id)
    if not authz.can(current_user, "task.edit", company):
        abort(403)
    form = TaskForm()
    form.assignee_id.choices = [*choices([("", _("Nobody yet"))]), *_staff_choices(company)]
    if request.method == "GET":
        form.assignee_id.data = current_user.id
    return form_page(
        form,
        lambda: engagement.create_task(db.session, current_user, company.id, form.to_input()),
        success=_("Task added."),
        redirect_to=lambda _t: url_for("companies.detail", company_id=company.id) + "#tasks-h",
        template="engagement/task_form.html",
        check=lambda: engagement.check_task(db.session, current_user, company.id, form.to_input()),
        company=company,
    )


@bp.get("/tasks")
@login_required
def tasks():
    views = engagement.task_views(current_user)
    view = request.args.get("view", "")
    if view not in views:
        view = views[0]  # a list the role can hold something in, never an always empty one
    counts = engagement.task_counts(db.session, current_user, today=clock.today())
    page = engagement.task_page(db.session, current_user, view=view, today=clock.today(),
                                page=request.args.get("page", 1, type=int) or 1, counts=counts)
    staff = authz.assignable_users(db.session, current_user)
    return render_template(
        "engagement/tasks.html",
        staff=staff,
        tasks=page.items,
        page=page,
        view=view,
        today=clock.today(),
        reschedule_form=RescheduleForm(),
        bulk_form=BulkTaskForm(formdata=None, next=request.full_path)
        if view != "done" and authz.can(current_user, "task.edit") else None,
        views=views,
        counts=counts,
    )


def _change(task_id: int, change: TaskChange, message: str):  # type: ignore[no-untyped-def]
    try:
        task = engagement.change_task(db.session, current_user, task_id, change)
    except FieldError as exc:
        flash(str(exc.message), "error")
        return redirect(_back(url_for("engagement.tasks")))
    flash(message, "success")
    return redirect(_back(url_for("companies.detail", company_id=task.company_id) + "#tasks-h"))


@bp.post("/tasks/<int:task_id>/complete")
@login_required
def complete(task_id: int):
    """Mark a task done, and offer the next step: log its outcome as a contact (the form opens
    with the task named in its summary)."""
    require_csrf()
    try:
        task = engagement.change_task(db.session, current_user, task_id, TaskChange(done=True))
    except FieldError as exc:
        flash(str(exc.message), "error")
        return redirect(_back(url_for("engagement.tasks")))
    message = Markup(escape(_("Task done.")))
    if authz.can(current_user, "interaction.create", task.company):
        outcome = url_for("engagement.new_interaction", company_id=task.company_id,
                          summary=_("Outcome of the task %(title)s: ", title=task.title))
        message = Markup('{} <a href="{}">{}</a>').format(
            message, outcome, _("Log the outcome as a contact"))
    flash(message, "success")
    return redirect(_back(url_for("companies.detail", company_id=task.company_id) + "#tasks-h"))


@bp.post("/tasks/<int:task_id>/reopen")
@login_required
def reopen(task_id: int):
    require_csrf()
    return _change(task_id, TaskChange(done=False), _("Task reopened."))


@bp.post("/tasks/<int:task_id>/reschedule")
@login_required
def reschedule(task_id: int):
    form = RescheduleForm()
    if not form.validate_on_submit():
        flash(_("Give the new due date."), "error")
        return redirect(_back(url_for("engagement.tasks")))
    return _change(task_id, TaskChange(due_on=form.due_on.data), _("Task rescheduled."))


@bp.post("/tasks/<int:task_id>/reassign")
@login_required
def reassign(task_id: int):
    task = authz.get_owned(db.session, current_user, Task, task_id, action="task.edit")
    form = ReassignForm()
    form.assignee_id.choices = _staff_choices(task.company)
    if not form.validate_on_submit():
        flash(_("Choose the new assignee."), "error")
        return redirect(_back(url_for("engagement.tasks")))
    return _change(task_id, TaskChange(assignee_id=form.assignee_id.data), _("Task reassigned."))


@bp.post("/tasks/bulk")
@login_required
def bulk_tasks():
    """The list's bulk actions: complete or reassign the chosen tasks, each checked and audited;
    if one is out of reach, none changes."""
    form = BulkTaskForm()
    back = safe_next(form.next.data, url_for("engagement.tasks"))
    if not form.validate_on_submit():
        flash(_("Choose what to do with the chosen tasks."), "error")
        return redirect(back)
    done = form.action.data == "complete"
    try:
        count = engagement.bulk_change_tasks(
            db.session, current_user, form.task_ids.data or [], done=done,
            assignee_id=None if done else form.assignee_id.data,
        )
    except FieldError as exc:
        flash(str(exc.message), "error")
        return redirect(back)
    if done:
        flash(ngettext("%(num)d task marked done.", "%(num)d tasks marked done.", count), "success")
    else:
        flash(ngettext("%(num)d task reassigned.", "%(num)d tasks reassigned.", count), "success")
    return redirect(back)


@bp.get("/tasks/<int:task_id>.ics")
@login_required
def task_ics(task_id: int):
    task = authz.get_owned(db.session, current_user, Task, task_id)
    if task.due_on is None:
        abort(404)
    event = IcsEvent(
        uid=f"veturi-task-{task.id}@veturi",
        summary=f"{task.title} – {task.company.name}",
        start=task.due_on,
        description=task.notes,
        url=url_for("companies.detail", company_id=task.company_id, _external=True),
    )
    return Response(
        calendar_bytes([event]),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="veturi-task-{task.id}.ics"'},
    )
