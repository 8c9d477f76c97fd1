"""Benchmark the matcher at network scale: 100,000 companies x 10,000 calls by default.

    python bench/bench_matching.py [--companies N] [--calls M] [--quick] [--seed S]

Synthetic but realistic data: Finnish and English texts recombined from the sentences of the
development set (eval/dev), plus invented product and place names so the vocabulary keeps
growing as it does in real data; call rules (status, deadlines, applicant types, SME/large
limits, regions) are drawn from the real calls. Measures the full match (fit + rank all, top
20 per company) with its peak memory, one changed company re-ranked, one new call scored
against all companies, and bm25s indexing + scoring of the same pairs. Prints a table and
writes JSON to bench/out/.

The peer comparison (``--peer-rounds N``, 3 by default) runs Veturi's full match and bm25s each
in a process of its own, alternating (Veturi, bm25s, Veturi, bm25s ...), so neither pays for the
other's memory and a change in the machine's load falls on both alike; each round's ratio is
reported and the median is the figure. ``--peer-rounds 0`` leaves the peer out.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import re
import resource
import statistics
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import write_result  # noqa: E402
from _matching_data import load_dir  # noqa: E402

from matching import CallProfile, CompanyProfile, Matcher, municipalities  # noqa: E402

REGIONS = ("Uusimaa", "Varsinais-Suomi", "Satakunta", "Kanta-Häme", "Pirkanmaa", "Päijät-Häme",
           "Kymenlaakso", "Etelä-Karjala", "Etelä-Savo", "Pohjois-Savo", "Pohjois-Karjala",
           "Keski-Suomi", "Etelä-Pohjanmaa", "Pohjanmaa", "Keski-Pohjanmaa",
           "Pohjois-Pohjanmaa", "Kainuu", "Lappi", "Ahvenanmaa")
SIZES = (("micro", 0.55), ("small", 0.3), ("medium", 0.12), ("large", 0.03))
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_SYLLABLES = ("ka", "lo", "ve", "tu", "ri", "sa", "mi", "no", "pe", "ta", "ko", "la", "vi",
              "ra", "te", "su", "ja", "ne", "hu", "mo", "tek", "sol", "gen", "tri", "max")


def _sentences(texts: list[str]) -> list[str]:
    return [s.strip() for t in texts for s in _SENTENCE.split(t) if len(s.split()) >= 4]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


class Synth:
    """Generates companies and calls from the development set's sentences and rules."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        dev = load_dir(ROOT / "eval" / "dev")
        self.today = dev.today
        self.dev_calls = dev.calls
        self.company_sents = {lang: _sentences([c.description for c in dev.companies
                                                if c.language == lang]) for lang in ("fi", "en")}
        self.call_sents = {lang: _sentences([k.description for k in dev.calls
                                             if k.language == lang]) for lang in ("fi", "en")}
        self.keywords = {lang: [kw for c in dev.companies if c.language == lang
                                for kw in c.keywords] for lang in ("fi", "en")}
        self.call_keywords = [kw for k in dev.calls for kw in k.keywords]
        # every Finnish municipality: the most company keys the rules can meet
        self.municipalities = sorted(municipalities.names())
        self.tols = [c.industry_code for c in dev.companies] + [
            f"{d:02d}{self.rng.randint(0, 999):03d}" for d in range(1, 97)]

    def company(self, i: int) -> CompanyProfile:
        rng = self.rng
        lang = "fi" if rng.random() < 0.75 else "en"
        pool = self.company_sents[lang] if rng.random() < 0.7 else self.call_sents[lang]
        sentences = rng.sample(pool, rng.randint(3, 6))
        names = [_name(rng).capitalize() for _ in range(rng.randint(1, 3))]
        description = " ".join(sentences) + " " + " ".join(names) + "."
        size = rng.choices([s for s, _ in SIZES], [w for _, w in SIZES])[0]
        employees = {"micro": 5, "small": 25, "medium": 120, "large": 900}[size]
        return CompanyProfile(
            id=f"b{i:06d}", language=lang, name=f"{names[0]} Oy", description=description,
            keywords=tuple(rng.sample(self.keywords[lang], rng.randint(3, 8))),
            industry_code=rng.choice(self.tols), industry_code_set="TOL2008",
            region=rng.choice(REGIONS), size_class=size, employees=employees,
            municipality_code=rng.choice(self.municipalities))

    def call(self, i: int) -> CallProfile:
        rng = self.rng
        template = rng.choice(self.dev_calls)
        lang = template.language if template.language in ("fi", "en") else "fi"
        sentences = rng.sample(self.call_sents[lang], rng.randint(4, 12))
        title = f"{template.title} {_name(rng).capitalize()}"
        deadline = datetime.combine(self.today, datetime.min.time()).replace(
            hour=17, tzinfo=template.deadlines[0].tzinfo if template.deadlines else None)
        deadlines = ()
        if template.deadlines:
            deadlines = (deadline + timedelta(days=rng.randint(-200, 400)),)
        return replace(template, id=f"k{i:05d}", language=lang, title=title,
                       description=" ".join(sentences),
                       keywords=tuple(rng.sample(self.call_keywords, rng.randint(2, 6))),
                       deadlines=deadlines,
                       status=rng.choice(("open", "open", "forthcoming", "closed")))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_child_rss_mb() -> float:
    """Peak resident memory of the largest worker process (0 without workers)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bench_bm25(calls: list[CallProfile], companies: list[CompanyProfile], top_n: int) -> dict:
    """bm25s indexing of the calls and top-N retrieval for every company (2 threads)."""
    import bm25s

    started = time.perf_counter()
    docs = [" ".join([k.title, k.description, " ".join(k.keywords)]) for k in calls]
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index(bm25s.tokenize(docs, show_progress=False), show_progress=False)
    indexed = time.perf_counter()
    queries = [" ".join([c.description, " ".join(c.keywords)]) for c in companies]
    query_tokens = bm25s.tokenize(queries, show_progress=False, return_ids=False)
    retriever.retrieve(query_tokens, k=top_n, show_progress=False, n_threads=2)
    done = time.perf_counter()
    return {"index_s": round(indexed - started, 2), "score_s": round(done - indexed, 2),
            "total_s": round(done - started, 2)}


def _one_side(args: argparse.Namespace, calls: list[CallProfile],
              companies: list[CompanyProfile], today) -> dict:  # type: ignore[no-untyped-def]
    """One side of the peer comparison, in this (fresh) process: the data is made before the
    clock starts, as for the peer."""
    if args.only == "bm25":
        return bench_bm25(calls, companies, args.top_n)
    started = time.perf_counter()
    Matcher.fit(calls, companies, workers=args.workers).rank_all(
        today, top_n=args.top_n, workers=args.workers)
    return {"total_s": round(time.perf_counter() - started, 2)}


def peer_rounds(args: argparse.Namespace, rounds: int) -> dict:
    """Veturi and bm25s alternating, each in its own process, ``rounds`` times each."""
    import subprocess

    base = ["--companies", str(args.companies), "--calls", str(args.calls), "--seed",
            str(args.seed), "--top-n", str(args.top_n), "--workers", str(args.workers)]
    veturi, peer = [], []
    for n in range(rounds):
        for side, times in (("veturi", veturi), ("bm25", peer)):
            done = subprocess.run([sys.executable, __file__, *base, "--only", side],
                                  capture_output=True, text=True, check=True)
            times.append(json.loads(done.stdout.strip().splitlines()[-1])["total_s"])
            print(f"peer round {n + 1}: {side} {times[-1]:.1f} s", flush=True)
    ratios = [round(v / b, 2) for v, b in zip(veturi, peer, strict=True)]
    return {"rounds": rounds, "veturi_s": veturi, "total_s": statistics.median(peer),
            "bm25_s": peer, "veturi_median_s": statistics.median(veturi),
            "bm25_median_s": statistics.median(peer), "ratios": ratios,
            "median_ratio": statistics.median(ratios)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="10,000 companies, 2,000 calls")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--top-n", type=int, default=20)
    parser.add_argument("--no-bm25", action="store_true", help="same as --peer-rounds 0")
    parser.add_argument("--peer-rounds", type=int, default=3,
                        help="alternating Veturi / bm25s runs, each in its own process")
    parser.add_argument("--only", choices=("veturi", "bm25"), help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes for fit and rank all (2 = this machine's cores)")
    args = parser.parse_args(argv)
    if args.quick:
        args.companies, args.calls = 10_000, 2_000

    synth = Synth(args.seed)
    calls = [synth.call(i) for i in range(args.calls)]
    companies = [synth.company(i) for i in range(args.companies)]
    today = synth.today
    if args.only:
        print(json.dumps(_one_side(args, calls, companies, today)))
        return 0
    base_rss = peak_rss_mb()
    print(f"generated {len(companies):,} companies and {len(calls):,} calls "
          f"(rss {base_rss:.0f} MB)", flush=True)

    started = time.perf_counter()
    matcher = Matcher.fit(calls, companies, workers=args.workers)
    fitted = time.perf_counter()
    ranked = matcher.rank_all(today, top_n=args.top_n, workers=args.workers)
    full_s = time.perf_counter() - started
    fit_s = fitted - started
    pairs = ranked.n_matches
    own, child = peak_rss_mb(), peak_child_rss_mb()
    # upper bound: the parent's peak plus every worker at the largest worker's peak (shared
    # copy-on-write pages are counted in each, so the real total is lower)
    peak = own + (args.workers if args.workers > 1 else 0) * child
    print(f"full match: {full_s:.1f} s (fit {fit_s:.1f} s, rank {full_s - fit_s:.1f} s), "
          f"{pairs:,} matches, peak rss {own:.0f} MB + workers {child:.0f} MB each",
          flush=True)

    rng = random.Random(args.seed + 1)
    one_company = []
    for _ in range(20):
        changed = replace(rng.choice(companies), description=synth.company(0).description)
        t0 = time.perf_counter()
        matcher.rank_company(changed, today, top_n=args.top_n)
        one_company.append(time.perf_counter() - t0)
    one_call = []
    for i in range(5):
        new_call = synth.call(args.calls + i)
        t0 = time.perf_counter()
        matcher.rank_call(new_call, today)
        one_call.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    blob = pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL)
    pickle_s = time.perf_counter() - t0
    pickle_mb = round(len(blob) / 2**20)
    del matcher, blob, ranked  # the peer rounds run in new processes: free this one's memory
    rounds = 0 if args.no_bm25 else args.peer_rounds
    bm25 = peer_rounds(args, rounds) if rounds else None
    result = {
        "companies": len(companies), "calls": len(calls), "top_n": args.top_n,
        "workers": args.workers, "peak_rss_parent_mb": round(own),
        "peak_rss_worker_mb": round(child),
        "full_match_s": round(full_s, 2), "fit_s": round(fit_s, 2),
        "rank_all_s": round(full_s - fit_s, 2), "matches": pairs,
        "peak_rss_mb": round(peak), "rss_before_mb": round(base_rss),
        "one_company_ms": round(1000 * statistics.median(one_company), 1),
        "one_call_ms": round(1000 * statistics.median(one_call), 1),
        "pickle_mb": pickle_mb, "pickle_s": round(pickle_s, 2),
        "bm25": bm25,
        "ratio_to_bm25": bm25["median_ratio"] if bm25 else None,
    }
    rows = [("full match (fit + rank all)", f"{full_s:.1f} s", "<= 60 s"),
            ("peak memory (parent + workers)", f"{peak:.0f} MB", "<= 4096 MB"),
            ("one changed company", f"{result['one_company_ms']} ms", "<= 100 ms"),
            ("one new call vs all companies", f"{result['one_call_ms']} ms", "<= 1000 ms"),
            ("pickled matcher (app cache)", f"{result['pickle_mb']} MB", "")]
    if bm25:
        rows += [("bm25s index + score (own process)", f"{bm25['bm25_median_s']:.1f} s", ""),
                 ("Veturi full match (own process)", f"{bm25['veturi_median_s']:.1f} s", ""),
                 ("Veturi / BM25, per round", ", ".join(f"{r:.2f}" for r in bm25["ratios"]),
                  ""),
                 ("Veturi / BM25 time (median)", f"{result['ratio_to_bm25']:.2f}", "<= 1.0")]
    print(f"\n{'measure':34} {'value':>12}  target")
    for name, value, target in rows:
        print(f"{name:34} {value:>12}  {target}")
    out = write_result(f"bench_matching_{len(companies)}x{len(calls)}_w{args.workers}", result)
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
