"""The pipeline of anchor and growth-seeking companies: the board, moves, the review page and
the funnel."""

from flask import Blueprint

from app.i18n import lazy_gettext as _l

bp = Blueprint("pipeline", __name__)
NAV = (25, "pipeline.board", _l("Pipeline"), "pipeline.view")

from app.web.pipeline import (  # noqa: E402,F401  (routes register on import)
    figures,
    sections,
    settings,
    views,
)

COMPANY_SECTIONS = [(5, sections.stage_section, "side"), (6, figures.figures_section, "main")]
