"""From a PRH/YTJ register payload to a CompanyRecord, and the business ID's own rules: the pure
half of the register connector (no HTTP). connectors/prh_ytj.py fetches and searches; what
the payload looks like and why each rule below holds is written there."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.fi import ytunnus

from connectors.errors import SourceFormatError
from connectors.records import CompanyRecord

SOURCE = "prh-ytj"
FINNISH, SWEDISH, ENGLISH = "1", "2", "3"
TEXT_LANGUAGES = (FINNISH, ENGLISH, SWEDISH)  # Finnish first; English before Swedish
VISITING_ADDRESS, POSTAL_ADDRESS = "1", "2"
MAIN_NAME, PARALLEL_NAME, AUXILIARY_NAME = "1", "2", "3"
TRADE_REGISTER = "1"
CODE_SETS = {"TOIMI4": "TOL2025", "TOIMI3": "TOL2008"}
TOL2025_FROM = date(2026, 1, 1)  # PRH re-coded the whole register on this day (NOTES §1.4)
# situation code -> (warning code, Finnish text when the register gives none)
SITUATIONS = {
    "SELTILA": ("liquidation", "Selvitystilassa"),
    "KONK": ("bankruptcy", "Konkurssissa"),
    "SANE": ("restructuring", "Yrityssaneerauksessa"),
}
DIGITS = re.compile(r"\d+")


class InvalidBusinessId(ValueError):
    """A Y-tunnus that cannot be valid; ``code`` says why, for a translated message.

    Codes: ``empty``, ``format``, ``length``, ``checksum``, ``all_zero``.
    """

    def __init__(self, value: str, code: str, message: str) -> None:
        super().__init__(message)
        self.value = value
        self.code = code
        self.message = message


def normalize_business_id(value: str) -> str:
    """The canonical ``NNNNNNN-C`` form of a business ID, or ``InvalidBusinessId``.

    Accepts what people paste: spaces, no hyphen, the VAT form ``FI01120389``.
    """
    text = (value or "").strip()
    if not text:
        raise InvalidBusinessId(value, "empty", "The business ID is empty.")
    try:
        compact = ytunnus.validate(text)
    except InvalidChecksum as exc:
        raise InvalidBusinessId(
            value, "checksum", f"The business ID {text!r} has a wrong check digit."
        ) from exc
    except InvalidLength as exc:
        raise InvalidBusinessId(
            value,
            "length",
            f"The business ID {text!r} must have 7 digits, a hyphen and a check digit (1234567-8).",
        ) from exc
    except (InvalidFormat, ValidationError) as exc:
        raise InvalidBusinessId(
            value, "format", f"{text!r} is not a business ID (expected 1234567-8)."
        ) from exc
    if set(compact) == {"0"}:
        raise InvalidBusinessId(value, "all_zero", "The business ID 0000000-0 is not issued.")
    return ytunnus.format(compact)


def parse_company(payload: Mapping[str, Any]) -> CompanyRecord:
    """One ``Company`` object of the v3 API as a ``CompanyRecord``.

    Raises ``SourceFormatError`` when the object lacks what every company has (a valid business
    ID, a name) or carries a date that is not ``yyyy-mm-dd``.
    """
    if not isinstance(payload, Mapping):
        raise SourceFormatError(SOURCE, f"a company is {type(payload).__name__}, not an object")
    business_id = business_id_of(payload)
    try:
        return _parse(payload, business_id)
    except SourceFormatError as exc:
        if business_id in exc.message:
            raise
        raise SourceFormatError(SOURCE, f"company {business_id}: {exc.message}") from exc
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        message = f"company {business_id}: unreadable record ({exc})"
        raise SourceFormatError(SOURCE, message) from exc


def _parse(payload: Mapping[str, Any], business_id: str) -> CompanyRecord:
    names = _list(payload.get("names"))
    name = _main_name(names)
    if name is None:
        raise SourceFormatError(SOURCE, f"company {business_id} has no name")
    industry_code, code_set, industry_text = _industry(payload.get("mainBusinessLine"))
    address = _chosen_address(_list(payload.get("addresses")))
    business_id_info = payload.get("businessId")
    registration = _date(payload.get("registrationDate"), "registrationDate")
    if registration is None and isinstance(business_id_info, Mapping):
        # companies outside the trade register: the day the Y-tunnus was granted
        registration = _date(business_id_info.get("registrationDate"), "businessId")
    end_date = _date(payload.get("endDate"), "endDate")
    return CompanyRecord(
        business_id=business_id,
        name=name,
        auxiliary_names=_other_names(names, name),
        industry_code=industry_code,
        industry_code_set=code_set,
        industry_text=industry_text,
        company_form=_company_form(_list(payload.get("companyForms"))),
        street_address=_street_line(address) if address else None,
        postal_code=clean_postal_code(address.get("postCode")) if address else None,
        post_office=_post_office(address) if address else None,
        municipality_code=_municipality_of(address) if address else None,
        website=_website(payload.get("website")),
        registration_date=registration,
        end_date=end_date,
        warnings=_warnings(payload, end_date),
    )


def business_id_of(payload: Mapping[str, Any]) -> str:
    raw = payload.get("businessId")
    value = raw.get("value") if isinstance(raw, Mapping) else raw
    if not isinstance(value, str) or not value.strip():
        raise SourceFormatError(SOURCE, "a company has no businessId.value")
    try:
        return normalize_business_id(value)
    except InvalidBusinessId as exc:
        message = f"the register sent an invalid business ID {value!r}"
        raise SourceFormatError(SOURCE, message) from exc


def _main_name(names: list[Mapping[str, Any]]) -> str | None:
    main = [n for n in names if _code(n.get("type")) == MAIN_NAME and _text_of(n.get("name"))]
    current = [n for n in main if _is_current(n)]
    if current:
        # several current main names should not happen; take the newest registration
        return _text_of(max(current, key=_registered_key).get("name"))
    if main:  # a ceased company may have only ended names: the last one it used
        return _text_of(max(main, key=_registered_key).get("name"))
    others = [_text_of(n.get("name")) for n in names]
    return next((n for n in others if n), None)


def _other_names(names: list[Mapping[str, Any]], main: str) -> tuple[str, ...]:
    seen = {main.casefold()}
    result: list[str] = []
    for entry in names:
        if _code(entry.get("type")) not in (PARALLEL_NAME, AUXILIARY_NAME):
            continue
        text = _text_of(entry.get("name"))
        if text and _is_current(entry) and text.casefold() not in seen:
            seen.add(text.casefold())
            result.append(text)
    return tuple(result)


def _is_current(entry: Mapping[str, Any]) -> bool:
    """No end date, and version 1 (or no version): what the register calls the current value."""
    if _text_of(entry.get("endDate")):
        return False
    version = entry.get("version")
    return version in (None, "", 1, "1")


def _registered_key(entry: Mapping[str, Any]) -> str:
    return _text_of(entry.get("registrationDate")) or ""


def _industry(line: Any) -> tuple[str | None, str | None, str | None]:
    """(code, code set, Finnish text) of the main business line."""
    if not isinstance(line, Mapping):
        return None, None, None
    text = _description(line.get("descriptions"))
    code = _code(line.get("type"))
    if not code or not code.isdigit() or not 2 <= len(code) <= 5:
        return None, None, text
    code_set_name = _code(line.get("typeCodeSet"))
    if code_set_name:
        code_set = CODE_SETS.get(code_set_name.upper())
    else:
        since = _date(line.get("registrationDate"), "mainBusinessLine.registrationDate")
        code_set = None if since is None else ("TOL2025" if since >= TOL2025_FROM else "TOL2008")
    if code_set is None:
        return None, None, text  # TOL 2002 or unknown: not a code Veturi can file
    return code, code_set, text


def _company_form(forms: list[Mapping[str, Any]]) -> str | None:
    current = [f for f in forms if _is_current(f)] or forms
    if not current:
        return None
    form = max(current, key=_registered_key)
    return _description(form.get("descriptions"))


def _chosen_address(addresses: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    live = [a for a in addresses if not _text_of(a.get("endDate"))]
    for wanted in (VISITING_ADDRESS, POSTAL_ADDRESS):
        for address in live:
            if _code(address.get("type")) == wanted and _has_content(address):
                return address
    return None


def _has_content(address: Mapping[str, Any]) -> bool:
    keys = ("street", "postCode", "postOfficeBox", "freeAddressLine")
    return any(_text_of(address.get(k)) for k in keys) or bool(_list(address.get("postOffices")))


def _street_line(address: Mapping[str, Any]) -> str | None:
    """``Karakaari 7``, ``Hämeenkatu 1 A 5b``, ``PL 226`` or the decoded free-form line."""
    street = _text_of(address.get("street"))
    apartment = (_text_of(address.get("apartmentNumber")) or "") + (
        _text_of(address.get("apartmentIdSuffix")) or ""
    )
    parts = [
        street,
        _text_of(address.get("buildingNumber")),
        _text_of(address.get("entrance")),
        apartment or None,
    ]
    line = " ".join(p for p in parts if p) if street else None
    if not line:
        box = _text_of(address.get("postOfficeBox"))
        if box:
            line = f"PL {box}"
    if not line:
        free = _text_of(address.get("freeAddressLine"))
        # the register writes spaces as "_" and line breaks as spaces
        line = " ".join(free.replace("_", " ").split()) if free else None
    co = _text_of(address.get("co"))
    if co and line:
        prefix = co if co.lower().startswith("c/o") else f"c/o {co}"
        return f"{prefix}, {line}"
    return line or (f"c/o {co}" if co else None)


def clean_postal_code(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:05d}"
    return _text_of(value)


def _post_office(address: Mapping[str, Any]) -> str | None:
    offices = [o for o in _list(address.get("postOffices")) if _text_of(o.get("city"))]
    for language in TEXT_LANGUAGES:
        for office in offices:
            if _code(office.get("languageCode")) == language:
                return _text_of(office.get("city"))
    return _text_of(offices[0].get("city")) if offices else None


def _municipality_of(address: Mapping[str, Any]) -> str | None:
    offices = _list(address.get("postOffices"))
    ordered = sorted(offices, key=lambda o: _code(o.get("languageCode")) != FINNISH)
    for office in ordered:
        code = clean_municipality_code(office.get("municipalityCode"))
        if code:
            return code
    return None


def clean_municipality_code(value: Any) -> str | None:
    """Three digits, leading zeros kept; anything else is treated as missing."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:03d}"
    text = _text_of(value)
    return text if text and len(text) == 3 and text.isdigit() else None


def _website(value: Any) -> str | None:
    url = _text_of(value.get("url")) if isinstance(value, Mapping) else _text_of(value)
    if not url:
        return None
    return url if re.match(r"(?i)^https?://", url) else "https://" + url


def _warnings(payload: Mapping[str, Any], end_date: date | None) -> tuple[tuple[str, str], ...]:
    warnings: list[tuple[str, str]] = []
    for situation in _list(payload.get("companySituations")):
        if _text_of(situation.get("endDate")):
            continue  # ended: the company is out of liquidation/restructuring
        kind = (_code(situation.get("type")) or "").upper()
        code, default_text = SITUATIONS.get(kind, ("situation", f"Tilanne {kind or '?'}"))
        text = _description(situation.get("descriptions")) or default_text
        since = _date(situation.get("registrationDate"), "companySituations.registrationDate")
        warnings.append((code, f"{text} {_fi_date(since)} alkaen" if since else text))
    if end_date is not None:
        warnings.append(("dissolved", f"Lakannut {_fi_date(end_date)}"))
    else:
        ended = _trade_register_ended(_list(payload.get("registeredEntries")))
        if ended is not None:
            text = f"Merkintä kaupparekisterissä päättynyt {_fi_date(ended)}"
            warnings.append(("dissolved", text))
    return tuple(dict.fromkeys(warnings))


def _trade_register_ended(entries: list[Mapping[str, Any]]) -> date | None:
    """The end date of the trade-register entry when every such entry has ended, else None."""
    trade = [e for e in entries if _code(e.get("register")) == TRADE_REGISTER]
    if not trade or any(not _text_of(e.get("endDate")) for e in trade):
        return None
    ends = [_date(e.get("endDate"), "registeredEntries.endDate") for e in trade]
    return max(d for d in ends if d is not None)


def _description(descriptions: Any) -> str | None:
    """The Finnish text of a ``descriptions`` list, else English, else Swedish, else any."""
    entries = [d for d in _list(descriptions) if _text_of(d.get("description"))]
    for language in TEXT_LANGUAGES:
        for entry in entries:
            if _code(entry.get("languageCode")) == language:
                return _text_of(entry.get("description"))
    return _text_of(entries[0].get("description")) if entries else None


def _list(value: Any) -> list[Mapping[str, Any]]:
    """The mappings of a list field; ``None`` or a missing field is an empty list."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise SourceFormatError(SOURCE, f"expected a list, got {type(value).__name__}")
    return [item for item in value if isinstance(item, Mapping)]


def _text_of(value: Any) -> str | None:
    """Stripped text; empty strings (the register's way of saying "nothing") become None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _code(value: Any) -> str | None:
    """A code as a string (``17`` and ``"17"`` alike), never converted to a number."""
    if isinstance(value, bool):
        return None
    return _text_of(value)


def _date(value: Any, field: str) -> date | None:
    text = _text_of(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise SourceFormatError(SOURCE, f"{field} is not a date: {text!r}") from exc


def _fi_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"
