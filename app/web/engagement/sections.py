"""The company page's section of this area: open tasks (the timeline is the page's own)."""

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
