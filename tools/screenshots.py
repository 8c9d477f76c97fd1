"""Screenshots of the main pages for the README, taken by the browser test that also checks them.

    python -m tools.screenshots          # the README's set, viewport-sized, into docs/screenshots
    python -m tools.screenshots --all    # every page, language and width, full pages, into --out

Runs ``tests/browser/test_screenshots.py`` (Playwright with Debian's chromium, the demo data)
with ``VETURI_SCREENSHOTS`` set; the README's set keeps only the few images it shows, cropped to
the viewport so each stays small.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/browser/test_screenshots.py"
README_SET = (
    "companies-fi-1366.png",
    "company-fi-1366.png",
    "pipeline-fi-1366.png",
    "network-fi-1366.png",
    "company-fi-360.png",
)
MAX_BYTES = 300_000


def _run_test(target: Path, *, viewport: bool, languages: str | None) -> int:
    env = dict(os.environ, VETURI_SCREENSHOTS=str(target))
    if viewport:
        env["VETURI_SCREENSHOTS_VIEWPORT"] = "1"
    command = [sys.executable, "-m", "pytest", TEST, "-q", "-p", "no:logging"]
    if languages:
        command += ["-k", languages]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true",
                        help="keep every page in fi, sv and en at both widths, full page")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots",
                        help="where the images go (default docs/screenshots)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.all:
        code = _run_test(args.out, viewport=False, languages=None)
        print(f"screenshots in {args.out}")
        return code
    with tempfile.TemporaryDirectory(prefix="veturi-shots-") as tmp:
        code = _run_test(Path(tmp), viewport=True, languages="fi")
        for name in README_SET:
            source = Path(tmp) / name
            if not source.exists():
                print(f"missing: {name}", file=sys.stderr)
                code = code or 1
                continue
            shutil.copyfile(source, args.out / name)
            size = source.stat().st_size
            note = "" if size <= MAX_BYTES else f"  (over {MAX_BYTES // 1000} KB)"
            print(f"{args.out / name}: {size // 1000} KB{note}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
