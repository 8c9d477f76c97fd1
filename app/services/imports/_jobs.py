"""The import's rows as background jobs (flush only): queueing a step, keeping a failure in the
import's status and message, and clearing a user's imports older than ``KEEP_DAYS``."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.errors import ServiceError
from app.i18n import lazy_gettext as _l
from app.models import User
from app.models.imports import (
    CompanyImport,
    CompanyImportRow,
    ImportStatus,
)
from app.presentation.stored_text import store
from app.services._tx import committing

KEEP_DAYS = 30  # an upload and its dry run are kept this long after their last change


def drop_old_imports(session: Session, actor: User) -> None:
    cutoff = utcnow() - timedelta(days=KEEP_DAYS)
    old = select(CompanyImport.id).where(
        CompanyImport.user_id == actor.id, CompanyImport.updated_at < cutoff
    )
    ids = list(session.scalars(old))
    if ids:
        session.execute(delete(CompanyImportRow).where(CompanyImportRow.import_id.in_(ids)))
        session.execute(delete(CompanyImport).where(CompanyImport.id.in_(ids)))


def queue_step(imp: CompanyImport, status: ImportStatus) -> None:
    imp.status = status
    imp.progress_done, imp.progress_total = 0, imp.row_count
    imp.message = None
    imp.started_at = imp.finished_at = None


def record_failure(session: Session, import_id: int, exc: BaseException) -> None:
    session.rollback()
    imp = session.get(CompanyImport, import_id)
    if imp is None:
        return
    with committing(session):
        imp.status, imp.finished_at = ImportStatus.FAILED, utcnow()
        imp.message = (
            store(exc.message)
            if isinstance(exc, ServiceError)
            else store(_l("The import stopped because of an unexpected error; nothing was "
                          "imported."))
        )
