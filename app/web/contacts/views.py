from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import authz, clock
from app.extensions import db
from app.i18n import gettext as _
from app.models import Contact
from app.services.companies import contacts
from app.web.contacts import bp
from app.web.contacts.forms import ContactForm
from app.web.forms import form_page, require_csrf


def contacts_section(company: Any, actor: Any) -> tuple[str, dict]:
    people = [c for c in company.contacts]
    return "contacts/_company_contacts.html", {"people": people}


@bp.route("/companies/<int:company_id>/contacts/new", methods=["GET", "POST"])
@login_required
def new(company_id: int):
    company = authz.get_company(db.session, current_user, company_id)
    if not authz.can(current_user, "contact.edit", company):
        abort(403)
    form = ContactForm()
    return form_page(
        form,
        lambda: contacts.create_contact(db.session, current_user, company.id, form.to_input()),
        success=_("Contact person added."),
        redirect_to=lambda _c: url_for("companies.detail", company_id=company.id) + "#contacts-h",
        template="contacts/form.html",
        check=lambda: contacts.check_contact(form.to_input()),
        company=company,
        contact=None,
    )


@bp.route("/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@login_required
def edit(contact_id: int):
    contact = authz.get_owned(db.session, current_user, Contact, contact_id, action="contact.edit")
    if contact.erased_at is not None:
        abort(404)
    form = ContactForm.from_contact(contact)
    return form_page(
        form,
        lambda: contacts.update_contact(db.session, current_user, contact.id, form.to_input()),
        success=_("Changes saved."),
        redirect_to=lambda c: url_for("companies.detail", company_id=c.company_id) + "#contacts-h",
        template="contacts/form.html",
        check=lambda: contacts.check_contact(form.to_input()),
        company=contact.company,
        contact=contact,
    )


@bp.get("/contacts/<int:contact_id>/export.json")
@login_required
def export(contact_id: int):
    data = contacts.export_contact(db.session, current_user, contact_id)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="veturi-person-{contact_id}.json"'},
    )


@bp.route("/contacts/<int:contact_id>/erase", methods=["GET", "POST"])
@login_required
def erase(contact_id: int):
    contact = authz.get_owned(db.session, current_user, Contact, contact_id, action="contact.erase")
    if contact.erased_at is not None:
        abort(404)
    if request.method == "POST":
        require_csrf()
        contacts.erase_contact(db.session, current_user, contact.id)
        flash(_("The person's data was erased; the contact history was kept."), "success")
        return redirect(url_for("companies.detail", company_id=contact.company_id) + "#contacts-h")
    return render_template("contacts/erase.html", contact=contact)


@bp.get("/contacts/stale")
@login_required
def stale():
    if not authz.can(current_user, "contact.erase"):
        abort(403)
    rows = contacts.stale_contacts(db.session, current_user, today=clock.today())
    return render_template("contacts/stale.html", rows=rows, months=contacts.STALE_MONTHS)
