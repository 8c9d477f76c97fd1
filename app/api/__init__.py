"""The JSON API under /api/v1 (flask-smorest): one module per area defines a flask-smorest
``blp``; modules are found automatically. The OpenAPI document is generated from the routes and
schemas and served at /api/v1/openapi.json."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from flask import Flask
from flask_smorest import Api

from app.api.errors import from_http_exception, register_error_handlers
from app.api.schemas import ApiErrorSchema
from app.extensions import csrf

DESCRIPTION = (
    "Veturi, the company CRM and funding matcher of the Finnish regional towns. Authenticate "
    "with a personal bearer token (`flask --app app create-token --email E`); every call sees "
    "exactly what the token's user sees in the UI."
)


class VeturiApi(Api):
    ERROR_SCHEMA = ApiErrorSchema  # the documented error is the one served (status: integer)

    def handle_http_exception(self, error: Any) -> Any:  # one error shape for the whole API
        return from_http_exception(error)


def init_app(app: Flask) -> VeturiApi:
    """A fresh Api per app (tests build several apps); blueprints are shared module objects."""
    app.config.setdefault("API_TITLE", "Veturi API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = VeturiApi(app, spec_kwargs={"info": {"description": DESCRIPTION}})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.options["security"] = [{"bearerAuth": []}]
    import app.api as package

    modules = [importlib.import_module(f"app.api.{info.name}")
               for info in pkgutil.iter_modules(package.__path__)]
    blueprints = [m.blp for m in modules if getattr(m, "blp", None) is not None]
    # in the order of the blueprints' names, so the OpenAPI document keeps its order whatever
    # the modules are called
    for blp in sorted(blueprints, key=lambda b: b.name):
        csrf.exempt(blp)
        register_error_handlers(blp)
        api.register_blueprint(blp)
    return api
