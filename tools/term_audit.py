"""Audit the matcher's term list against call texts and company profiles.

    python -m tools.term_audit [--data eval/dev]

Lists every pattern that is found in no call text (with the development companies whose profile
it matches, if any) and every concept none of whose patterns is found in a call. Used to govern
``matching/data/terms_fi_en.tsv`` (docs/matching.md, "The term list"): a pattern found in no
call and in one company's profile only serves that company and is removed.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _matching_data import load_dir  # noqa: E402

from matching.relevance import call_text, company_text  # noqa: E402
from matching.terms import load_terms  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "eval" / "dev"))
    args = parser.parse_args(argv)
    data = load_dir(args.data)
    terms = load_terms()
    in_calls = terms.used_patterns([(call_text(k), k.language) for k in data.calls])
    companies: dict[int, set[str]] = defaultdict(set)
    for company in data.companies:
        for i in terms.used_patterns([(company_text(company), company.language)]):
            companies[i].add(company.id)
    unused = [i for i in range(len(terms.patterns)) if i not in in_calls]
    print(f"{len(terms.patterns)} patterns, {len(unused)} found in no call "
          f"({sum(1 for i in unused if len(companies[i]) == 1)} of them in one company only)")
    for i in unused:
        concept, language, pattern, _ids = terms.patterns[i]
        print(f"  {terms.concepts[concept].id:28} {language} {pattern:32} "
              f"{','.join(sorted(companies[i])) or '-'}  [{terms.sources[concept]}]")
    found = {terms.patterns[i][0] for i in in_calls}
    print("concepts found in no call:",
          ", ".join(c.id for i, c in enumerate(terms.concepts) if i not in found) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
