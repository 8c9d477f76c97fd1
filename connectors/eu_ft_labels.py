"""Labels for the SEDIA API's numeric ids (programmes, divisions), from the facet endpoint.

Search rows carry only ids (``frameworkProgramme ["43108390"]``); the facet endpoint maps them to
labels. Its labels have known defects (NOTES.md §1.5): some are percent-encoded
(``"Research Fund for Coal %26 Steel (RFCS)"``), the ``+`` of ERASMUS+ and ESF+ is lost
(``"Erasmus  (ERASMUS )"``), and many division values have no label (``value == rawValue``).
They are fixed here once, so the connector can cache one dictionary per harvest.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from connectors.errors import SourceFormatError
from connectors.html_text import clean_whitespace

FacetLabels = dict[str, dict[str, str]]
"""Facet name (``frameworkProgramme``, ``programmeDivision``, ...) -> raw id -> label."""

# The API drops the "+" of these two programme names; keyed by id, which does not change.
PROGRAMME_OVERRIDES = {
    "43353764": "Erasmus+ (ERASMUS+)",
    "43254019": "European Social Fund Plus (ESF+)",
}

# Used only when the facet endpoint cannot be read: the most frequent programmes of the
# 2026-08-22 facet snapshot (tests/fixtures/eu-ft-portal/facet-values-2026-08-22.json).
FALLBACK_PROGRAMMES = {
    "43108390": "Horizon Europe (HORIZON)",
    "43152860": "Digital Europe Programme (DIGITAL)",
    "44181033": "European Defence Fund (EDF)",
    "43252405": "Programme for the Environment and Climate Action (LIFE)",
    "43252476": "Single Market Programme (SMP)",
    "111111": "EU External Action - Prospect (RELEX-PROSPECT)",
    "43298916": "Euratom Research and Training Programme (EURATOM)",
    "43251589": "Citizens, Equality, Rights and Values Programme (CERV)",
    "43251567": "Connecting Europe Facility (CEF)",
    "43251814": "Creative Europe Programme (CREA)",
    "44416173": "Interregional Innovation Investments Instrument (I3)",
    "44773066": "Just Transition Mechanism (JTM)",
    "43089234": "Innovation Fund (INNOVFUND)",
    "43392145": "European Maritime, Fisheries and Aquaculture Fund (EMFAF)",
    **PROGRAMME_OVERRIDES,
}


def fallback_labels() -> FacetLabels:
    """The built-in programme labels, for a harvest whose facet request failed."""
    return {"frameworkProgramme": dict(FALLBACK_PROGRAMMES)}


def clean_label(raw: str) -> str | None:
    """Decode percent-escapes and collapse whitespace; None when nothing is left."""
    return clean_whitespace(unquote(raw))


def parse_facet_labels(payload: Any, *, source: str = "eu-ft") -> FacetLabels:
    """Label dictionaries from a facet response.

    Accepts the API's shape (``facets: [{name, values: [{rawValue, value}]}]``) and the re-keyed
    shape of the saved fixture (``facets: {name: [values]}``). Values without a real label
    (``value == rawValue``) are left out, so callers fall back to the id.
    """
    facets = payload.get("facets") if isinstance(payload, Mapping) else None
    if isinstance(facets, Mapping):
        groups = list(facets.items())
    elif isinstance(facets, list):
        groups = [(f.get("name"), f.get("values")) for f in facets if isinstance(f, Mapping)]
    else:
        raise SourceFormatError(source, "facet response has no 'facets' list")
    labels: FacetLabels = {}
    for name, values in groups:
        if not isinstance(name, str) or not isinstance(values, list):
            continue
        table = labels.setdefault(name, {})
        for value in values:
            if not isinstance(value, Mapping):
                continue
            raw, label = value.get("rawValue"), value.get("value")
            if not isinstance(raw, str) or not isinstance(label, str):
                continue
            text = clean_label(label)
            if text and text != raw:
                table[raw] = text
    programmes = labels.setdefault("frameworkProgramme", {})
    for raw in PROGRAMME_OVERRIDES.keys() & programmes.keys():
        programmes[raw] = PROGRAMME_OVERRIDES[raw]
    return labels
