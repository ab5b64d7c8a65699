#!/usr/bin/env python3
"""How fast an incident update goes out (issue: status-only publish).

For each size (default 1,000 and 10,000 articles) it generates a help center with
../shared/bench/gen_corpus.py plus two components and one open incident, builds it
once in full (with the search index, as a site would be), then runs --runs times
  frontline incident update card-payments --status … --message "bench update N" --build
and times it from command start until the update is in public/api/v2/summary.json,
public/status/index.html and public/status/feed.atom (checked after the command,
which publishes before it exits). It also times `maintenance schedule … --build`
(a new maintenance going out); a window that opens later needs no publish at all:
the pages switch by the reader's clock (status-live.js).
Prints medians with min-max and the growth from the smallest to the largest size.
Usage: scripts/bench_status.py [--sizes 1000,10000] [--runs 3] [--bin PATH]
"""
import argparse, datetime, pathlib, shutil, statistics, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))

SITE_YAML = """title: Bench
language: ru
languages: [ru, en]
timezone: Europe/Moscow
base_url: https://help.example
status:
  components:
    - {id: api, name: API, group: Platform}
    - {id: checkout, name: Checkout, group: Shop}
"""

INCIDENT = """---
title: Card payments are failing
impact: major
components: {checkout: partial_outage}
started: 2026-11-23T11:00:00+03:00
internal: |
  Internal note that must never be published.
updates:
  - at: 2026-11-23T11:00:00+03:00
    status: investigating
    message: We are investigating failed card payments.
---
Some card payments fail.
"""


def run(cmd):
    started = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - started
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stderr[-3000:]}")
    return took, r.stderr


def site(size, tmp):
    subprocess.run([sys.executable, str(ROOT.parent / "shared/bench/gen_corpus.py"), "--articles", str(size), "--out", str(tmp / "corpus")],
                   check=True, stdout=subprocess.DEVNULL)
    root = tmp / "site"
    (root / "content/incidents").mkdir(parents=True)
    shutil.copytree(tmp / "corpus/articles", root / "content/articles")
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (root / "content/incidents/2026-11-23-card-payments.md").write_text(INCIDENT, encoding="utf-8")
    return root


def median(name, xs):
    print(f"  {name:<44} median {statistics.median(xs) * 1000:7.0f} ms ({min(xs) * 1000:.0f}-{max(xs) * 1000:.0f})")
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default=str(ROOT / "target/release/frontline"))
    a = ap.parse_args()
    if not pathlib.Path(a.bin).exists():
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    meds = {}
    for size in [int(s) for s in a.sizes.split(",")]:
        tmp = pathlib.Path(tempfile.mkdtemp(prefix=f"frontline-bench-status-{size}-"))
        root = site(size, tmp)
        full, _ = run([a.bin, "--root", str(root), "build", "--now", NOW.isoformat()])
        print(f"{size} articles: full build with search {full:.2f} s; then, median of {a.runs}:")
        updates, schedules = [], []
        for n in range(a.runs):
            at = (NOW + datetime.timedelta(minutes=n + 1)).isoformat()
            msg = f"bench update {n}"
            took, err = run([a.bin, "--root", str(root), "incident", "update", "card-payments", "--status", "identified",
                             "--message", msg, "--at", at, "--now", at, "--build"])
            if "published the status" not in err:
                sys.exit(f"expected a status-only publish:\n{err}")
            for f in ("public/api/v2/summary.json", "public/status/index.html", "public/status/feed.atom"):
                if msg not in (root / f).read_text(encoding="utf-8"):
                    sys.exit(f"{f} lacks {msg!r}")
            if "must never be published" in (root / "public/status/index.html").read_text(encoding="utf-8"):
                sys.exit("internal note in public/status/index.html")
            updates.append(took)
            start = (NOW + datetime.timedelta(days=2, hours=n)).isoformat()
            end = (NOW + datetime.timedelta(days=2, hours=n + 1)).isoformat()
            took, err = run([a.bin, "--root", str(root), "maintenance", "schedule", f"Bench window {n}", "--start", start, "--end", end,
                             "--component", "api", "--message", f"bench window {n}", "--at", at, "--now", at, "--build"])
            if f"Bench window {n}" not in (root / "public/api/v2/scheduled-maintenances/upcoming.json").read_text(encoding="utf-8"):
                sys.exit("the maintenance is not in upcoming.json")
            schedules.append(took)
        meds[size] = median("incident update --build", updates)
        median("maintenance schedule --build", schedules)
        shutil.rmtree(tmp, ignore_errors=True)
    sizes = sorted(meds)
    if len(sizes) > 1:
        print(f"growth {sizes[0]} -> {sizes[-1]} articles: {meds[sizes[-1]] / meds[sizes[0]]:.2f}x")


if __name__ == "__main__":
    main()
