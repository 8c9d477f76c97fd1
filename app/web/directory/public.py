"""The public directory at /services: the network's R&D&I services and the R&D&I people who
agreed to be shown, with no sign-in, in Finnish, Swedish or English (``?lang=``, else the
language chosen in Veturi). Everything shown comes from ``services.directory.public``."""

from __future__ import annotations

from flask import make_response, render_template, request
from flask_babel import force_locale, get_locale

from app.extensions import db
from app.services.directory import public
from app.web.directory import bp
from app.web.directory.caching import PAGE_MAX_AGE, cached
from app.web.directory.labels import CATEGORIES, category_label, language_name, role_label

LANGUAGE_LINKS = (("fi", "Suomeksi"), ("sv", "På svenska"), ("en", "In English"))


def _lang() -> str:
    return public.public_lang(request.args.get("lang"), default=str(get_locale() or "fi"))


def _page(template: str, lang: str, **context: object):
    with force_locale(lang):
        html = render_template(
            template, lang=lang, language_links=LANGUAGE_LINKS, category_label=category_label,
            role_label=role_label, language_name=lambda code: language_name(code, lang),
            **context)
    return cached(make_response(html), max_age=PAGE_MAX_AGE, shared=False)


@bp.get("/services")
def public_services():
    """Search (``q``), filter by town (``town``: its municipality code) and ``category``."""
    lang = _lang()
    query = request.args.get("q", "")[: public.MAX_QUERY]
    code = request.args.get("town", "")
    category = request.args.get("category", "")
    category = category if category in CATEGORIES else ""
    city = public.town_by_code(db.session, code)
    found = public.services(db.session, lang=lang, city=city, any_town=not code,
                            category=category or None, query=query)
    contacts = public.people(db.session, lang=lang, city=city, any_town=False)
    return _page("directory/public_services.html", lang, services=found, people=contacts,
                 towns=public.towns(db.session, lang), categories=CATEGORIES, query=query,
                 town=code if city else "", category=category,
                 town_name=city.name(lang) if city else None,
                 filtered=bool(query or code or category))


@bp.get("/services/people")
def public_people():
    """The R&D&I responsible people and deputies who agreed to be shown, town by town."""
    lang = _lang()
    return _page("directory/public_people.html", lang,
                 people=public.people(db.session, lang=lang))
