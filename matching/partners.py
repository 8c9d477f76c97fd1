"""Partner suggestions for consortium calls: which calls are written for a consortium, and
which consortium role a company's industry fits. Pure: no scoring here (the candidates and
their reasons are the matcher's stored matches), only two public classifications read.

**Which calls are consortium calls** (``consortium_rule``), from the call's own fields:

* ``eu_collaborative``: the EU Funding & Tenders Portal's *type of action* names a
  collaborative action: Horizon Europe Research and Innovation Actions (RIA), Innovation Actions
  (IA), Coordination and Support Actions (CSA), Pre-commercial Procurement (PCP) and Public
  Procurement of Innovative Solutions (PPI). Source: Horizon Europe Work Programme, General
  Annexes A and B (RIA, IA and PCP/PPI need "at least three independent legal entities, each
  established in a different Member State or Associated Country"; a CSA is usually a
  consortium too). Single-applicant actions (EIC, ERC, prizes, SME support) are not listed.
* ``cross_border``: Interreg and ERA-NET type of action "cross-border", "transnational"
  project: Regulation (EU) 2021/1059 article 23 requires partners from at least two countries.
* ``national_joint``: Finnish joint projects: the type of action or programme says
  *yhteishanke* / *ryhmähanke* (Business Finland's co-innovation, the regional councils' group
  projects), *kumppanuushaku*, or the programme is Business Finland's "yritysten ja
  tutkimusorganisaatioiden yhteistyö" (co-innovation: companies and research organisations
  together); Swedish *samarbetsprojekt* / *gruppprojekt* alike.
* ``text``: otherwise the call's own text asks for a consortium ("consortium", "konsortio",
  "yhteishanke", "konsortium"), unless its type of action is a single-applicant one.

**Roles** (``partner_role``), from the company's TOL division (the two first digits, the same
in TOL 2008 and TOL 2025 for every division used here; Statistics Finland):

* ``research``: 72 Scientific research and development; 85.4 (TOL 2008) higher education;
* ``technology``: 26 computer, electronic and optical products, 27 electrical equipment,
  28 machinery, 58.2 software publishing, 61 telecommunications, 62 computer programming,
  63 information services, 71 architecture, engineering and technical testing;
* ``pilot``: pilot site or end user: the sectors that run operations a solution is tried in:
  01-03 farming, forestry, fishing; 05-09 mining; the rest of manufacturing 10-33; 35 energy;
  36-39 water and waste; 41-43 construction; 49-53 transport; 55-56 accommodation and food;
  84 public administration; 86-88 health and social care;
* ``other``: every other code, or no code.

``roles_named`` reads the call text for the roles it names itself (pilots and demonstrations,
research organisations, technology or solution providers), so a page can say which roles the
call asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLES = ("technology", "research", "pilot", "other")

_SINGLE_APPLICANT = re.compile(r"\b(eic|erc|prizes?|sme support|msca|fellowships?)\b")
_EU_COLLABORATIVE = ("research and innovation action", "innovation action",
                     "coordination and support action", "pre-commercial procurement",
                     "public procurement of innovative solutions")
_CROSS_BORDER = ("cross-border", "transnational", "interregional")
_NATIONAL_JOINT = ("yhteishanke", "ryhmähanke", "kumppanuushaku", "samarbetsprojekt",
                   "gruppprojekt", "co-innovation", "tutkimusorganisaatioiden yhteistyö")
_TEXT_CONSORTIUM = re.compile(r"\b(consorti|konsorti|yhteishank)", re.IGNORECASE)

_NAMED: dict[str, re.Pattern[str]] = {
    "pilot": re.compile(r"\b(pilot|demonstrat|end[- ]users?\b|use[- ]cases?\b|pilotoi|"
                        r"pilottikoh|demonstraatio|loppukäyttäj|testbed|living lab)",
                        re.IGNORECASE),
    "research": re.compile(r"\b(research organi[sz]ation|universit|rtos?\b|"
                           r"tutkimusorganisaati|yliopist|korkeakoul|forskningsorganisation)",
                           re.IGNORECASE),
    "technology": re.compile(r"\b(technology provider|solution provider|technology supplier|"
                             r"teknologiatoimittaj|ratkaisutoimittaj|teknologiayrity)",
                             re.IGNORECASE),
}

_RESEARCH = ("72", "854")
_TECHNOLOGY = ("26", "27", "28", "582", "61", "62", "63", "71")
_PILOT_DIVISIONS = frozenset(
    [f"{d:02d}" for d in (*range(1, 4), *range(5, 10), *range(10, 34), 35, *range(36, 40),
                          *range(41, 44), *range(49, 54), 55, 56, 84, 86, 87, 88)])


@dataclass(frozen=True, slots=True)
class ConsortiumRule:
    """Why a call is a consortium call: the kind of rule and the field value that matched."""

    kind: str  # eu_collaborative | cross_border | national_joint | text
    field: str  # type_of_action | programme | text
    value: str


def consortium_rule(type_of_action: str | None, programme: str | None,
                    text: str = "") -> ConsortiumRule | None:
    """The rule that makes a call a consortium call, or None (see the module docstring)."""
    action = " ".join((type_of_action or "").lower().split())
    prog = (programme or "").lower()
    if _SINGLE_APPLICANT.search(action):
        return None
    if any(kind in action for kind in _EU_COLLABORATIVE):
        return ConsortiumRule("eu_collaborative", "type_of_action", type_of_action or "")
    if any(kind in action for kind in _CROSS_BORDER):
        return ConsortiumRule("cross_border", "type_of_action", type_of_action or "")
    for field, value, lowered in (("type_of_action", type_of_action, action),
                                  ("programme", programme, prog)):
        if any(word in lowered for word in _NATIONAL_JOINT):
            return ConsortiumRule("national_joint", field, value or "")
    found = _TEXT_CONSORTIUM.search(text or "")
    if found:
        return ConsortiumRule("text", "text", found.group(0))
    return None


def partner_role(industry_code: str | None) -> str:
    """The consortium role a TOL 2008 / TOL 2025 code fits (``ROLES``; "other" if none)."""
    code = "".join(ch for ch in (industry_code or "") if ch.isdigit())
    if len(code) < 2:
        return "other"
    if code.startswith(_RESEARCH):
        return "research"
    if code.startswith(_TECHNOLOGY):
        return "technology"
    if code[:2] in _PILOT_DIVISIONS:
        return "pilot"
    return "other"


def roles_named(text: str) -> frozenset[str]:
    """The roles a call's own text asks for (pilots, research organisations, providers)."""
    return frozenset(role for role, pattern in _NAMED.items() if pattern.search(text or ""))
