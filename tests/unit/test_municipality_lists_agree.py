"""The matcher's municipality names (matching/data, read without the app) and the app's
reference municipalities (app/data, with Swedish names and regions) are one classification:
a newer year's file must update both."""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_matchers_and_the_apps_municipalities_are_the_same_codes_and_names():
    with (ROOT / "app/data/municipalities.csv").open(encoding="utf-8") as f:
        app = {row["code"]: (row["name_fi"], row["name_sv"]) for row in csv.DictReader(f)}
    matcher = {}
    for line in (ROOT / "matching/data/municipalities.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "code\t")):
            code, name_fi, name_sv = line.split("\t")
            matcher[code] = (name_fi, name_sv)
    assert len(app) > 300
    assert matcher == app
