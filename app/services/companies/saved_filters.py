"""A user's saved company-list searches (the list's query string under a name of their own)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, NotFound
from app.i18n import lazy_gettext as _l
from app.models import SavedFilter, User
from app.services._tx import committing
from app.services.validation import require_text

MAX_PER_USER = 50


def list_saved(session: Session, actor: User) -> list[SavedFilter]:
    stmt = select(SavedFilter).where(SavedFilter.user_id == actor.id).order_by(SavedFilter.name)
    return list(session.scalars(stmt))


def save_filter(session: Session, actor: User, name: str, query: str) -> SavedFilter:
    """Save (or overwrite by name) a search of the actor's own. Commits."""
    name = require_text(name, "name", max_length=100)
    query = require_text(query, "query", max_length=2000, required=False).lstrip("?")
    existing = session.scalars(
        select(SavedFilter).where(SavedFilter.user_id == actor.id, SavedFilter.name == name)
    ).one_or_none()
    if existing is None and len(list_saved(session, actor)) >= MAX_PER_USER:
        raise FieldError("name", _l("At most %(n)d saved searches.", n=MAX_PER_USER))
    with committing(session):
        if existing is None:
            existing = SavedFilter(user_id=actor.id, name=name, query=query)
            session.add(existing)
        else:
            existing.query = query
    return existing


def delete_filter(session: Session, actor: User, filter_id: int) -> None:
    """Remove one of the actor's own saved searches (someone else's is not found). Commits."""
    saved = session.get(SavedFilter, filter_id)
    if saved is None or saved.user_id != actor.id:
        raise NotFound()
    with committing(session):
        session.delete(saved)
