"""Industry fit: a company's TOL code mapped to the term-list concepts calls talk about.

TOL 2008 (NACE Rev. 2) and TOL 2025 (NACE Rev. 2.1) share most division numbers (the two
first digits) and, in the goods-producing sections (divisions 01-43), most class codes; the
renumbering is concentrated in the service sections (information/IT moved to a new section,
publishing and arts reorganised). So divisions map for both code sets, and the finer class
overrides below apply to TOL 2008 everywhere but to TOL 2025 only in divisions 01-43, where
the codes are unchanged. A code of an unknown set is read as TOL 2008 (the older register
data). Themes are concept ids from ``data/terms_fi_en.tsv``.
"""

from __future__ import annotations

_DIVISIONS: dict[str, tuple[str, ...]] = {
    "01": ("agriculture", "food", "livestock"), "02": ("forestry", "forest", "wood"),
    "03": ("fisheries", "aquaculture", "fish"), "05": ("mining", "minerals", "peat"),
    "06": ("fossil", "energy"), "07": ("mining", "minerals"), "08": ("mining", "minerals"),
    "09": ("mining",),
    "10": ("food", "food_industry", "processing"), "11": ("beverages", "food_industry"),
    "12": ("food_industry",), "13": ("textiles",), "14": ("textiles",), "15": ("textiles",),
    "16": ("wood", "sawmill"), "17": ("paper", "packaging"),
    "18": ("printing",), "19": ("fuels", "fossil"), "20": ("chemicals", "bio_based"),
    "21": ("pharma", "health"), "22": ("plastics", "materials"),
    "23": ("construction_products", "materials"), "24": ("steel", "metal", "minerals"),
    "25": ("metal", "manufacturing", "machining"), "26": ("electronics", "sensors"),
    "27": ("electrification", "power_electronics", "battery"),
    "28": ("machinery", "manufacturing", "automation"), "29": ("vehicles", "manufacturing"),
    "30": ("vehicles", "manufacturing"), "31": ("furniture",),
    "32": ("manufacturing",), "33": ("maintenance", "repair", "machinery"),
    "35": ("energy", "electricity", "heating"), "36": ("water",), "37": ("wastewater", "water"),
    "38": ("waste", "recycling", "circular_economy"), "39": ("restoration", "pollution", "soil"),
    "41": ("construction", "buildings"), "42": ("construction", "infrastructure", "earthworks"),
    "43": ("construction", "renovation", "buildings"),
    "45": ("vehicles", "trade"), "46": ("trade", "logistics"), "47": ("trade",),
    "49": ("transport", "logistics", "vehicles"), "50": ("maritime", "ships"),
    "51": ("aviation",), "52": ("logistics", "transport"), "53": ("logistics",),
    "55": ("accommodation", "tourism"), "56": ("accommodation", "tourism", "food"),
    "58": ("software", "creative"), "59": ("creative",), "60": ("creative",),
    "61": ("connectivity",), "62": ("software", "digitalisation", "data"),
    "63": ("data", "software", "data_centre"),
    "64": ("enterprise",), "65": ("enterprise",), "66": ("enterprise",), "68": ("buildings",),
    "69": ("design_services",), "70": ("design_services",),
    "71": ("engineering", "design_services", "testing"), "72": ("research", "rdi"),
    "73": ("marketing", "creative"), "74": ("creative", "design_services"),
    "75": ("livestock", "health"), "77": ("trade",), "78": ("workforce",),
    "79": ("tourism",), "80": ("security",), "81": ("buildings", "maintenance"),
    "82": ("design_services",), "84": ("public_sector",), "85": ("training", "skills"),
    "86": ("health", "healthcare"), "87": ("healthcare", "ageing"),
    "88": ("healthcare", "social_innovation"), "90": ("creative", "cultural_tourism"),
    "91": ("cultural_tourism",), "92": ("tourism",),
    "93": ("nature_tourism", "tourism", "wellbeing"), "94": ("social_innovation",),
    "95": ("repair",), "96": ("wellbeing",),
}

# Finer classes (prefix of the 5-digit code) where the division alone is misleading. Source:
# each class's title in TOL 2008 (Statistics Finland; NACE Rev. 2 class names); an entry names
# only concepts its class title states ("2562 Metallien työstö" -> machining), never what one
# company of the class happens to do (issue 15: such entries were removed).
_CLASSES: dict[str, tuple[str, ...]] = {
    "0322": ("aquaculture", "fish", "lakes"), "0321": ("aquaculture", "fish", "sea"),
    "0311": ("fisheries", "fish", "sea"), "0312": ("fisheries", "fish", "lakes"),
    "0892": ("peat", "peatland"), "1011": ("meat",), "1012": ("meat",), "1013": ("meat",),
    "102": ("fish", "food_industry"), "103": ("berries", "food_industry"),
    "105": ("livestock", "food_industry"), "1091": ("feed",), "1092": ("feed",),
    "1101": ("beverages",), "1105": ("beverages", "fermentation"),
    "161": ("sawmill", "wood"), "1621": ("engineered_wood",),
    "1623": ("wood_construction", "prefabrication", "construction_products"),
    "1721": ("packaging",), "181": ("printing",),
    "2511": ("steel_structures", "steel", "welding"), "2562": ("machining",),
    "272": ("battery", "energy_storage"), "2825": ("cooling", "hvac"),
    "283": ("agri_machinery", "agriculture"), "2892": ("mining", "construction", "machinery"),
    "2849": ("machinery",), "301": ("ships", "shipbuilding", "maritime"),
    "3012": ("boats", "shipbuilding"), "3312": ("maintenance", "machinery"),
    "3314": ("maintenance", "electricity"), "3315": ("ships", "maintenance"),
    "351": ("electricity", "grid"), "353": ("heating",), "382": ("waste",),
    "383": ("recycling", "secondary_raw_materials"),
    "4399": ("construction",), "501": ("ships",), "503": ("lakes",),
    "5222": ("ports", "maritime"), "5224": ("logistics", "ports"), "551": ("accommodation",),
    "552": ("accommodation", "nature_tourism"), "553": ("accommodation", "nature_tourism"),
    "7112": ("engineering",), "7120": ("testing", "verification"),
    "9329": ("tourism",),
}

_SERVICES_FROM = 45  # TOL 2025 renumbered classes from here on: divisions only


def industry_themes(code: str | None, code_set: str | None) -> tuple[str, ...]:
    """Concept ids for an industry code, most specific first (empty when unknown)."""
    if not code:
        return ()
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) < 2:
        return ()
    themes: list[str] = []
    use_classes = code_set != "TOL2025" or int(digits[:2]) < _SERVICES_FROM
    if use_classes:
        for length in (4, 3):
            for theme in _CLASSES.get(digits[:length], ()):
                if theme not in themes:
                    themes.append(theme)
    for theme in _DIVISIONS.get(digits[:2], ()):
        if theme not in themes:
            themes.append(theme)
    return tuple(themes)
