"""The people list and a person's page (admins), and the invitation link's page (public)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user

from app import authz
from app.errors import FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.security import current_session_id
from app.services import towns
from app.services.accounts import changes as account_changes
from app.services.accounts import link_mail, people
from app.services.inputs import UserInput
from app.web.forms import require_csrf
from app.web.people import bp
from app.web.people.forms import InviteForm, RoleForm, SetPasswordForm, role_choices


def _member_towns() -> list | None:
    """The coordinator's choice of town (member towns only); None for a town admin."""
    if not authz.is_coordinator(current_user):
        return None
    return [t for t in towns.list_towns(db.session, current_user) if t.is_member]


def _invite_form() -> InviteForm:
    form = InviteForm(data=None if current_user.city is None else {})
    form.setup(people.roles_for(current_user), _member_towns())
    return form


@bp.get("/people")
@login_required
def index():
    rows = people.list_people(db.session, current_user)
    pending = people.pending_user_ids(db.session, [u.id for u in rows])
    return render_template("people/index.html", rows=rows, pending=pending)


def _link_page(link, purpose: str):
    url = current_app.config["BASE_URL"] + url_for("people.accept", key=link.key)
    sent = link_mail.send_link(link, url, purpose, current_app.config)
    return render_template("people/link.html", link=link, url=url, sent=sent, purpose=purpose)


@bp.route("/people/invite", methods=["GET", "POST"])
@login_required
def invite():
    authz.require(current_user, "user.manage")
    form = _invite_form()
    status = 200
    if form.validate_on_submit():
        city = form.city.data if "city" in form else (
            current_user.city.code if current_user.city else None)
        data = UserInput(email=form.email.data, name=form.name.data, role=form.role.data,
                         city_code=city or None, password="", language=form.ui_language.data)
        try:
            link = people.invite(db.session, current_user, data)
        except FieldError as exc:
            form.add_errors(exc)
        else:
            return _link_page(link, "invite")
    if form.errors or form.form_errors:
        status = 422
    return render_template("people/invite.html", form=form), status


@bp.get("/people/<int:user_id>")
@login_required
def person(user_id: int):
    user = people.get_person(db.session, current_user, user_id)
    form = RoleForm(role=user.role.value)
    form.role.choices = role_choices(people.roles_for(current_user))
    pending = people.pending_invitation(db.session, user)
    return render_template("people/person.html", user=user, form=form, pending=pending)


@bp.post("/people/<int:user_id>/role")
@login_required
def change_role(user_id: int):
    user = people.get_person(db.session, current_user, user_id)
    form = RoleForm()
    form.role.choices = role_choices(people.roles_for(current_user))
    if form.validate_on_submit():
        try:
            account_changes.change_role(db.session, current_user, user.email, form.role.data,
                                        current_session_id=current_session_id())
        except FieldError as exc:
            flash(str(exc.message), "error")
        else:
            flash(_("The role of %(name)s has been changed; their sessions have ended.",
                    name=user.name), "success")
    else:
        flash(_("Choose one of the roles offered."), "error")
    return redirect(url_for("people.person", user_id=user_id))


@bp.post("/people/<int:user_id>/active")
@login_required
def set_active(user_id: int):
    require_csrf()
    user = people.get_person(db.session, current_user, user_id)
    active = request.form.get("active") == "1"
    account_changes.set_active(db.session, current_user, user.email, active,
                               current_session_id=current_session_id())
    if active:
        flash(_("%(name)s can sign in again.", name=user.name), "success")
    else:
        flash(_("%(name)s has been deactivated: their sessions and API tokens no longer work.",
                name=user.name), "success")
    return redirect(url_for("people.person", user_id=user_id))


@bp.post("/people/<int:user_id>/reset")
@login_required
def reset_password(user_id: int):
    require_csrf()
    try:
        link = people.reset_password(db.session, current_user, user_id)
    except FieldError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("people.person", user_id=user_id))
    if link.user.id == current_user.id:
        logout_user()
    return _link_page(link, "reset")




def _link_error(reason: str):
    messages = {
        "unknown": _("This link is not valid. Check that you copied the whole link, or ask "
                     "your administrator for a new one."),
        "used": _("This link has already been used. Sign in with your password, or ask your "
                  "administrator for a new link."),
        "expired": _("This link has expired. Ask your administrator for a new one."),
    }
    return render_template("people/link_invalid.html", message=messages[reason]), 410 if (
        reason != "unknown") else 404


@bp.route("/invitation/<key>", methods=["GET", "POST"])
def accept(key: str):
    try:
        user = people.check_link(db.session, key)
    except people.LinkInvalid as exc:
        return _link_error(exc.reason)
    form = SetPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            people.accept(db.session, key, form.password.data)
        except people.LinkInvalid as exc:
            return _link_error(exc.reason)
        except FieldError as exc:
            form.password.errors = [*form.password.errors, str(exc.message)]
        else:
            flash(_("Your password has been set. Sign in with it."), "success")
            return redirect(url_for("auth.login"))
    if form.errors:
        status = 422
    return render_template("people/accept.html", form=form, user=user), status
