"""A company's sector group, for the sector conditions of call texts (``matching.conditions``).

Sources: the Treaty on the Functioning of the EU, Annex I (the agricultural and fishery
products of the common agricultural policy), read against Statistics Finland's TOL 2008
classification (NACE Rev. 2; TOL 2025's divisions 01-03, 10 and 11 keep these codes):

* ``primary_agri`` - TOL 01 crop and animal production (Annex I chapters 1, 2, 4-10, 12 ...);
* ``primary_fish`` - TOL 03 fishing and aquaculture (chapter 3);
* ``primary_forest`` - TOL 02 forestry and logging (wood is not in Annex I);
* ``fish_processing`` - TOL 102: fishery products are in Annex I, but the common agricultural
  policy's "processing of agricultural products" leaves them out (they belong to the
  fisheries fund), and Finnish texts say "maataloustuotteiden jalostus" of farm products only;
* ``annex_i_processing`` - classes whose products stay in Annex I: 101 meat (ch. 2, 16),
  103 fruit and vegetables (ch. 7, 8, 20), 104 oils and fats (ch. 15),
  105 dairy (ch. 4), 106 grain mill products and starches (ch. 11), 1081 sugar (ch. 17),
  1083 tea and coffee (ch. 9), 1091 farm animal feed (ch. 23), 1102 wine and 1103 cider
  (heading 22.04-22.06);
* ``food_other`` - the rest of TOL 10 and 11 (bakery, confectionery, beer, soft drinks ...):
  they buy Annex I raw material, so a call for farm-product processors does not exclude them,
  and a call that excludes Annex I processing does not exclude them either;
* ``other`` - every other code. ``None`` when the code is unknown: no rule then excludes.
"""

from __future__ import annotations

_ANNEX_I_PROCESSING = ("101", "103", "104", "105", "106", "1081", "1083", "1091",
                       "1102", "1103")


def sector_group(industry_code: str | None) -> str | None:
    """The sector group of a TOL 2008 / TOL 2025 code (digits; dots ignored)."""
    code = "".join(ch for ch in (industry_code or "") if ch.isdigit())
    if len(code) < 2:
        return None
    division = code[:2]
    if division == "01":
        return "primary_agri"
    if division == "03":
        return "primary_fish"
    if division == "02":
        return "primary_forest"
    if code.startswith("102"):
        return "fish_processing"
    if division in ("10", "11"):
        return "annex_i_processing" if code.startswith(_ANNEX_I_PROCESSING) else "food_other"
    return "other"
