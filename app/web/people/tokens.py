"""The signed-in user's own API tokens: create (name, expiry), see last use, revoke."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.clock import utcnow
from app.errors import FieldError
from app.extensions import db
from app.i18n import gettext as _
from app.services.accounts import people
from app.web.forms import require_csrf
from app.web.people import bp
from app.web.people.forms import TokenForm


def _page(form: TokenForm, new_token: str | None = None, status: int = 200):
    rows = people.list_tokens(db.session, current_user)
    return render_template("people/tokens.html", form=form, rows=rows, new_token=new_token,
                           now=utcnow()), status


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            raw = people.create_own_token(db.session, current_user, form.name.data,
                                          form.days.data)
        except FieldError as exc:
            form.add_errors(exc)
        else:
            return _page(TokenForm(formdata=None), new_token=raw)
    return _page(form, status=422 if form.errors or form.form_errors else 200)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    require_csrf()
    token = people.revoke_own_token(db.session, current_user, token_id)
    flash(_("The token %(name)s has been revoked.", name=token.name or token.id), "success")
    return redirect(url_for("people.tokens"))
