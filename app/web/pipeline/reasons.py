"""The signals' reason codes as translated sentences (the services return codes and values)."""

from __future__ import annotations

from typing import Any

from app.i18n import gettext as _
from app.models import SizeClass
from app.services.pipeline import Signal
from app.web.labels import label


def reason_text(code: str, params: dict[str, Any]) -> str:
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
