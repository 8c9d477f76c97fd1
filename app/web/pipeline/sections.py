"""The company page's pipeline section: its stage and a link to the board."""

from __future__ import annotations

from typing import Any

from app.extensions import db
from app.services import pipeline
from app.web.pipeline.reasons import reasons


def stage_section(company: Any, actor: Any) -> tuple[str, dict]:
    return "pipeline/_company_stage.html", {
        "place": pipeline.company_stage(db.session, actor, company),
        "stages": pipeline.list_stages(db.session),
        "signals": pipeline.company_signals(db.session, actor, company),
        "reasons": reasons,
    }
