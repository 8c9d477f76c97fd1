"""The widget script, its iframe page and the public JSON (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from time import monotonic
from typing import Any

from flask import Response, current_app, jsonify, make_response, render_template, request
from flask.globals import request_ctx
from flask_babel import force_locale

from app.extensions import csrf, db
from app.security import allow_framing
from app.services.directory import public
from app.web.directory.caching import PUBLIC_MAX_AGE, cached
from app.web.directory.labels import category_label, language_name, role_label, widget_texts
from app.web.embed import bp

_SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "embed-services.js"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag",
    "Access-Control-Max-Age": "86400",
    "Cross-Origin-Resource-Policy": "cross-origin",
}


def sessionless(view: Callable[..., Any]) -> Callable[..., Any]:
    """No session for this request: nothing is read from a Veturi cookie the browser may send,
    and no cookie is ever set (a town's visitors are not Veturi's users)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Flask 3.1 opens the session as the request context is pushed and keeps it in
        # ``_session``; a null session in its place is never saved (tests/web/test_embed.py
        # checks that no cookie is set even when a signed-in browser sends its own)
        request_ctx._session = current_app.session_interface.make_null_session(current_app)
        return view(*args, **kwargs)

    return wrapper


_BUILT: dict[tuple[str, ...], tuple[float, Any]] = {}
_MAX_BUILT = 2000


def _built(key: tuple[str, ...], build: Callable[[], Any]) -> Any:
    """What ``build`` makes for these query values, kept ``DIRECTORY_PUBLIC_CACHE_SECONDS``
    (30; 0 in tests: none) in this worker: every visitor of a town's front page asks the same,
    and a change shows within that time (plus the answer's max-age in the visitors' caches)."""
    ttl = current_app.config.get("DIRECTORY_PUBLIC_CACHE_SECONDS", 0)
    hit = _BUILT.get(key)
    if ttl and hit is not None and monotonic() - hit[0] < ttl:
        return hit[1]
    value = build()
    if ttl:
        if len(_BUILT) >= _MAX_BUILT:
            _BUILT.clear()
        _BUILT[key] = (monotonic(), value)
    return value


def _key(kind: str) -> tuple[str, ...]:
    """The cache key of a request: only well-formed values make a key of their own (a code
    that cannot be a town is one key, whatever it was), so the cache cannot be flooded."""
    lang = public.public_lang(request.args.get("lang"))
    code = request.args.get("city", "")
    category = request.args.get("category", "")
    return (kind, lang, code if public.is_town_code(code) or not code else "?",
            category if category in public.CATEGORY_VALUES or not category else "?")


def _open(response: Response) -> Response:
    response.headers.update(CORS)
    return response


def _listing() -> tuple[str, Any, list, list]:
    """The language, the town (None: unknown or not given) and what it lists in public."""
    lang = public.public_lang(request.args.get("lang"))
    code = request.args.get("city", "")
    city = public.town_by_code(db.session, code)
    category = request.args.get("category") or None
    found = public.services(db.session, lang=lang, city=city, any_town=not code,
                            category=category)
    people = public.people(db.session, lang=lang, city=city, any_town=False)
    return lang, city, found, people


def _service_json(s: public.PublicService, lang: str) -> dict[str, Any]:
    return {
        "id": s.id, "town": {"code": s.town.code, "name": s.town.name},
        "category": s.category, "category_label": category_label(s.category),
        "name": s.name, "provider": s.provider, "description": s.description,
        "target_group": s.target_group,
        "contact": {"name": s.contact_name, "email": s.contact_email, "phone": s.contact_phone},
        "url": s.url,
        "languages": [{"code": c, "name": language_name(c, lang)} for c in s.languages],
    }


def _person_json(p: public.PublicPerson) -> dict[str, Any]:
    return {"town": {"code": p.town.code, "name": p.town.name}, "role": p.role,
            "role_label": role_label(p.role), "name": p.name, "title": p.title,
            "email": p.email, "phone": p.phone, "topics": list(p.topics)}


@bp.route("/api/public/v1/services", methods=["GET", "OPTIONS"])
@csrf.exempt
@sessionless
def public_services():
    """The published services of a town (``city``: its municipality code) or of the network,
    in ``lang`` (fi, sv, en), with its consenting R&D&I people and the widget's texts. An
    unknown code is an empty list, not an error."""
    if request.method == "OPTIONS":
        return _open(Response(status=204))
    body = _built(_key("json"), _json_body)
    return _open(cached(jsonify(body), max_age=PUBLIC_MAX_AGE))


def _json_body() -> dict[str, Any]:
    lang, city, found, people = _listing()
    town = {"code": city.code, "name": city.name(lang)} if city is not None else None
    with force_locale(lang):
        return {"town": town, "lang": lang, "count": len(found),
                "services": [_service_json(s, lang) for s in found],
                "people": [_person_json(p) for p in people],
                "texts": widget_texts(town["name"] if town else None)}


@bp.get("/embed/services.js")
@sessionless
def services_js():
    """The widget: one ``<script>`` tag with ``data-city`` and ``data-lang``."""
    response = Response(_SCRIPT.read_bytes(), mimetype="text/javascript")
    response.charset = "utf-8"
    return _open(cached(response, max_age=PUBLIC_MAX_AGE))


@bp.get("/embed/services")
@allow_framing
@sessionless
def services_frame():
    """The widget as a page for an ``<iframe>``: no script at all, the same listing."""
    html = _built(_key("frame"), _frame_html)
    return _open(cached(make_response(html), max_age=PUBLIC_MAX_AGE))


def _frame_html() -> str:
    lang, city, found, people = _listing()
    with force_locale(lang):
        return render_template(
            "directory/embed_services.html", lang=lang, services=found, people=people,
            texts=widget_texts(city.name(lang) if city is not None else None),
            category_label=category_label, role_label=role_label,
            language_name=lambda code: language_name(code, lang))
