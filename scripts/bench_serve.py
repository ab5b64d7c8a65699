#!/usr/bin/env python3
"""Benchmark `frontline serve`: save -> reload-event latency.

Generates a site with ../shared/bench/gen_corpus.py (default 10,000 articles),
starts `frontline serve` on it, opens the live-reload event stream, then
 - edits one article N times (body text only) and
 - edits a template override N times,
 - edits an incident file N times (status-only, incremental),
and prints the median / min / max latency from the file write to the `reload`
event. Usage: scripts/bench_serve.py [--articles N] [--runs N] [--bin PATH]
"""
import argparse, os, pathlib, socket, statistics, subprocess, sys, tempfile, threading, time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def sse_events(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__frontline/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
    f = s.makefile("rb")
    event = None
    while True:
        line = f.readline()
        if not line:
            return
        line = line.decode().rstrip("\r\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line == "" and event:
            yield event
            event = None


def measure(events, path, make_text, runs, expect="reload"):
    times = []
    for i in range(runs):
        time.sleep(0.25)
        t0 = time.perf_counter()
        path.write_text(make_text(i), encoding="utf-8")
        for ev in events:
            if ev == expect:
                times.append((time.perf_counter() - t0) * 1000)
                break
            if ev == "build-error":
                sys.exit(f"build error while benchmarking {path}")
    return times


def report(name, times):
    print(f"{name}: median {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f}, n={len(times)})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--bin", default=str(ROOT / "target/release/frontline"))
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="frontline-bench-"))
    gen = ROOT.parent / "shared/bench/gen_corpus.py"
    subprocess.run([sys.executable, str(gen), "--articles", str(a.articles), "--out", str(tmp / "corpus")], check=True, stdout=subprocess.DEVNULL)
    site = tmp / "site"
    (site / "content").mkdir(parents=True)
    (tmp / "corpus/articles").rename(site / "content/articles")
    (site / "site.yaml").write_text("title: Bench\nlanguage: ru\nlanguages: [ru, en]\nstatus:\n  components:\n    - {id: checkout, name: Checkout}\n", encoding="utf-8")
    incident = site / "content/incidents/2026-11-23-card-payments.md"
    incident.parent.mkdir(parents=True)
    incident_text = ("---\ntitle: Card payments are failing\nimpact: major\ncomponents: {checkout: partial_outage}\n"
                     "started: 2026-11-23T11:00:00+03:00\nupdates:\n  - at: 2026-11-23T11:00:00+03:00\n    status: investigating\n"
                     "    message: Update {i}.\n---\nSome card payments fail.\n")
    incident.write_text(incident_text.replace("{i}", "0"), encoding="utf-8")
    tpl = site / "themes/default/templates"
    tpl.mkdir(parents=True)
    base_404 = (ROOT / "themes/default/templates/404.html").read_text(encoding="utf-8")
    (tpl / "404.html").write_text(base_404, encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.perf_counter()
    env = dict(os.environ, FRONTLINE_TIMING="1")
    srv = subprocess.Popen([a.bin, "--root", str(site), "serve", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    log = []
    threading.Thread(target=lambda: [log.append(l.rstrip()) for l in srv.stderr], daemon=True).start()
    try:
        print(srv.stdout.readline().strip())
        print(f"first build + serve ready: {(time.perf_counter() - t0) * 1000:.0f} ms for {a.articles} articles")
        # Measure the steady state: the first search index is built in the background.
        while not any("search index refreshed" in l for l in log):
            time.sleep(0.2)
        print([l for l in log if "search index refreshed" in l][0], f"(ready after {(time.perf_counter() - t0):.1f} s)")
        events = sse_events(port)
        next(events)  # hello
        article = sorted((site / "content/articles").rglob("*.md"))[len(list((site / "content/articles").rglob("*.md"))) // 2]
        original = article.read_text(encoding="utf-8")
        report("one-article edit -> reload", measure(events, article, lambda i: original + f"\n\nEdit number {i}.\n", a.runs))
        report("template edit -> reload", measure(events, tpl / "404.html", lambda i: base_404.replace("</h1>", f" {i}</h1>", 1), max(3, a.runs // 3)))
        report("incident edit -> reload", measure(events, incident, lambda i: incident_text.replace("{i}", str(i + 1)), a.runs))
        print("server timings of the last incremental edit:", [l for l in log if l.startswith("timing: incremental") or "incremental)" in l][-5:])
    finally:
        srv.kill()


if __name__ == "__main__":
    main()
