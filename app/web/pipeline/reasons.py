"""The signals' reason codes as translated sentences (the services return codes and values)."""

from __future__ import annotations

from typing import Any

from app.i18n import gettext as _
from app.models import SizeClass
from app.presentation.formatting import fmt_money
from app.services.pipeline import Signal
from app.web.labels import label


def reason_text(code: str, params: dict[str, Any]) -> str:
    if code == "employee_growth":
        return _("Staff grew %(percent)d %% from %(from_year)d to %(to_year)d "
                 "(%(from)d → %(to)d)", **params)
    if code == "turnover_growth":
        return _("Turnover grew %(percent)d %% from %(from_year)d to %(to_year)d "
                 "(%(from)s → %(to)s)", **{**params, "from": fmt_money(params["from"]),
                                          "to": fmt_money(params["to"])})
    if code == "rnd_spend":
        return _("R&D spend of %(eur)s in %(year)d", eur=fmt_money(params["eur"]),
                 year=params["year"])
    if code == "export_share":
        return _("Export was %(percent)d %% of turnover in %(year)d", **params)
    if code == "rdi":
        return _("R&D activity in its description or keywords (%(words)s)", **params)
    if code == "export":
        return _("Export in its description or keywords (%(words)s)", **params)
    if code == "growth_plans":
        return _("Contacts tagged as growth plans (%(topics)s)", **params)
    if code == "employer":
        return _("Employs %(employees)d people to grow with", **params)
    if code == "town_top":
        return _("Among the largest %(percent)d %% of the town's companies by staff", **params)
    if code == "major_employer":
        return _("A major employer: %(employees)d employees", **params)
    if code == "size_class":
        return _("Size class: %(size)s", size=label(SizeClass(params["size"])))
    if code == "industry_weight":
        return _("Its industry (%(industry)s) employs %(percent)d %% of the town's staff",
                 **params)
    return code


def reasons(signal: Signal) -> list[str]:
    return [reason_text(r.code, dict(r.params)) for r in signal.reasons]
