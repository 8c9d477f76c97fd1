"""The company page's sections of this area: open tasks and the interaction timeline."""

from __future__ import annotations

from typing import Any

from app import clock
from app.extensions import db
from app.services import engagement


def tasks_section(company: Any, actor: Any) -> tuple[str, dict]:
    today = clock.today()
    tasks = engagement.list_tasks(
        db.session, actor, view="town", today=today, company_id=company.id
    )
    staff = engagement.assignable_staff(db.session, actor, company)
    return "engagement/_company_tasks.html", {"tasks": tasks, "today": today, "staff": staff}


def timeline_section(company: Any, actor: Any) -> tuple[str, dict]:
    return "engagement/_company_timeline.html", {
        "interactions": engagement.timeline(db.session, actor, company)
    }
