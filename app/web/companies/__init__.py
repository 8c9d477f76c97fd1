"""The town's companies: the home list, a company's page, creating and editing profiles."""

from flask import Blueprint

bp = Blueprint("companies", __name__)

from app.web.companies import views  # noqa: E402,F401  (routes register on import)
