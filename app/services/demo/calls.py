"""Funding calls for the demo: real calls from the labelled evaluation pool (``eval/dev``), so a
fresh `make run` shows matches before the first harvest has reached the real portals. They are
stored as a harvest stores its calls: an EU topic with its topic identifier, keywords without
the portal's round and stage phrases, and the text the calls list searches."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.funding import FundingSource
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.services._tx import committing
from app.services.funding._records import search_text
from connectors.keywords import clean_keywords

DEMO_SOURCE = "demo-calls"
# the fields the calls list searches (services.funding._records.search_text)
SEARCHED = ("title", "call_identifier", "topic_identifier", "programme", "funder",
            "type_of_action", "keywords", "summary")


def seed_demo_calls(session: Session, path: Path) -> int:
    """Store the pool's open and forthcoming calls under a "demo-calls" source (once). Commits."""
    if not path.exists() or session.scalars(
            select(FundingSource).where(FundingSource.name == DEMO_SOURCE)).first():
        return 0
    count = 0
    with committing(session):
        source = FundingSource(name=DEMO_SOURCE, kind="manual", enabled=False)
        session.add(source)
        session.flush()
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("status") not in ("open", "forthcoming"):
                continue
            deadline = row.get("deadline")
            call = FundingCall(
                funding_source_id=source.id, source_id=row["id"], kind=CallKind.CALL,
                title=row["title"], url=row.get("url"), description=row.get("description"),
                programme=row.get("programme"), type_of_action=row.get("type_of_action"),
                status=CallStatus(row["status"]), language=row.get("language"),
                deadlines=[deadline] if deadline else [],
                next_deadline_at=datetime.fromisoformat(deadline) if deadline else None,
                is_continuous=deadline is None,
                keywords=list(clean_keywords(row.get("keywords") or ())),
                topic_identifier=row["id"] if row.get("source") == "eu-ft" else None,
                applicant_types=row.get("applicant_types") or None,
                sme_only=row.get("sme_only"), large_only=row.get("large_only"),
                countries=row.get("countries") or None, regions=row.get("regions") or None,
                extra={"origin": row.get("source")},
                content_hash=hashlib.sha256(line.encode()).hexdigest(),
            )
            call.search_text = search_text({f: getattr(call, f) for f in SEARCHED})
            session.add(call)
            count += 1
    return count
