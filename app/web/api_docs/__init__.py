"""The interactive reference of the JSON API at ``/api/v1/docs``: Swagger UI, vendored under
``static/vendor/swagger-ui`` (no CDN), reading the generated ``/api/v1/openapi.json``. Open to
everyone like the document itself; calls made from it need a personal token."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("api_docs", __name__)


@bp.get("/api/v1/docs")
def docs() -> str:
    return render_template("api_docs/docs.html")
