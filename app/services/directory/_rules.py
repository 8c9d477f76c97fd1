"""The field rules of a directory service and person: cleaned values, or every error at once.
Flush-free, no database."""

from __future__ import annotations

from typing import Any

from app.clock import utcnow
from app.errors import ErrorCollector
from app.i18n import lazy_gettext as _l
from app.models.directory import PersonRole, ServiceCategory
from app.services.validation import require_text, web_url

# languages a service may be offered in (ISO 639-1): the national ones, Sámi and the most asked
SERVICE_LANGUAGES = ("fi", "sv", "en", "se", "et", "ru", "uk", "de")
MAX_TOPICS = 12
_LENGTHS = {"name": 200, "description": 4000, "target_group": 300}


def _email(errors: ErrorCollector, value: str, field: str) -> str | None:
    text = errors.check(require_text, value, field, max_length=320, required=False) or ""
    if text and ("@" not in text.strip("@") or " " in text):
        errors.add(field, _l("Enter a valid e-mail address."))
    return text or None


def _optional(errors: ErrorCollector, value: str, field: str, max_length: int) -> str | None:
    return errors.check(require_text, value, field, max_length=max_length, required=False) or None


def service_values(data: Any, errors: ErrorCollector) -> dict[str, Any]:
    """The columns of a service from a ServiceInput; errors go into ``errors``."""
    values: dict[str, Any] = {}
    try:
        values["category"] = ServiceCategory(data.category)
    except ValueError:
        errors.add("category", _l("Choose a category."))
    for name, length in _LENGTHS.items():
        fi = errors.check(require_text, getattr(data, f"{name}_fi"), f"{name}_fi",
                          max_length=length, required=name == "name")
        values[f"{name}_fi"] = fi if name != "target_group" else (fi or None)
        for lang in ("sv", "en"):
            values[f"{name}_{lang}"] = _optional(errors, getattr(data, f"{name}_{lang}"),
                                                 f"{name}_{lang}", length)
    values["description_fi"] = values["description_fi"] or ""
    values["provider"] = errors.check(require_text, data.provider, "provider", max_length=200)
    values["contact_name"] = _optional(errors, data.contact_name, "contact_name", 200)
    values["contact_email"] = _email(errors, data.contact_email, "contact_email")
    values["contact_phone"] = _optional(errors, data.contact_phone, "contact_phone", 50)
    url = (data.url or "").strip()
    if url and (len(url) > 500 or web_url(url) is None):
        errors.add("url", _l("Give a web address that starts with http:// or https://."))
    values["url"] = url or None
    languages = [code for code in SERVICE_LANGUAGES if code in set(data.languages)]
    if set(data.languages) - set(SERVICE_LANGUAGES):
        errors.add("languages", _l("Choose the languages from the list."))
    values["languages"] = languages
    values["is_published"] = bool(data.is_published)
    values["internal_note"] = _optional(errors, data.internal_note, "internal_note", 2000)
    return values


def person_values(data: Any, errors: ErrorCollector, *, was_consenting: bool) -> dict[str, Any]:
    """The columns of a person from a PersonInput; a consent given now is time-stamped, a consent
    withdrawn clears the time."""
    values: dict[str, Any] = {}
    try:
        values["role"] = PersonRole(data.role)
    except ValueError:
        errors.add("role", _l("Choose a role."))
    values["name"] = errors.check(require_text, data.name, "name", max_length=200)
    values["title"] = _optional(errors, data.title, "title", 200)
    values["email"] = _email(errors, data.email, "email")
    values["phone"] = _optional(errors, data.phone, "phone", 50)
    topics = []
    for topic in data.topics:
        text = errors.check(require_text, topic, "topics", max_length=80, required=False)
        if text and text not in topics:
            topics.append(text)
    if len(topics) > MAX_TOPICS:
        errors.add("topics", _l("At most %(n)d topics.", n=MAX_TOPICS))
    values["topics"] = topics
    consent = bool(data.has_public_consent)
    values["has_public_consent"] = consent
    if consent and not was_consenting:
        values["consent_recorded_at"] = utcnow()
    elif not consent:
        values["consent_recorded_at"] = None
    return values
