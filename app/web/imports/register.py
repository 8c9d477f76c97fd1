"""The company form's "fill from the trade register": the business ID is looked up and the form is
filled with what the register knows, keeping everything else that was typed. The register's
warnings (liquidation, bankruptcy, ceased) and its failures are shown on the form; nothing is
saved until the user saves the form."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_login import current_user

from app.errors import FieldError
from app.services.imports import register
from app.web.forms import VeturiForm, require_csrf
from connectors.http import make_session

LOOKUP_BUTTON = "register_lookup"


def fill_from_register(form: VeturiForm) -> tuple[dict[str, Any], int]:
    """Look the form's business ID up and fill the form; the template context and status."""
    require_csrf()
    http = make_session(timeout=current_app.config["PRH_TIMEOUT"], retries=1, backoff=0.5)
    try:
        record = register.look_up_company(
            current_user,
            form.business_id.data,  # type: ignore[attr-defined]
            http=http,
            base_url=current_app.config["PRH_BASE_URL"],
        )
    except FieldError as exc:
        form.add_error(exc)
        return {}, 422
    except register.RegisterUnavailable as exc:
        return {"register_error": str(exc.message)}, 200
    for name, value in register.form_values(record).items():
        getattr(form, name).data = value
    return {"register_record": record}, 200
