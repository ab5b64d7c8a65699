//! Bad input that used to panic, hang or do unbounded work: absurd periods and
//! years, deep nesting, huge or special files as site.yaml or content, and URL keys
//! in site.yaml with unsafe schemes. Each gets `path:line` errors and exit 1.

mod common;

use common::{run, site, stderr, NOW};
use std::path::Path;

fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// `build` and `check` both exit 1 (not 101) and print each of `expected`.
fn fails_with(root: &Path, expected: &[&str]) {
    for cmd in ["build", "check"] {
        let o = run(root, &[cmd, "--now", NOW]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {err}");
        assert!(!err.contains("panicked"), "{cmd}: {err}");
        for e in expected {
            assert!(err.contains(e), "{cmd}: no {e:?} in\n{err}");
        }
    }
}

const ROCK: &str = "content/articles/Tips & Tricks/rock-n-roll.md";
const RESTART: &str = "content/runbooks/ops/restart.md";

#[test]
fn huge_review_periods_are_errors_not_panics() {
    let s = site("basic");
    replace(s.path(), "site.yaml", "review_every: 30d", "review_every: 1000000y");
    replace(s.path(), ROCK, "last_reviewed: 2026-01-01\n", "last_reviewed: 2026-01-01\nreview_every: 1000000y\n");
    replace(s.path(), RESTART, "review_every: 90d", "review_every: 99999999999999999999d");
    fails_with(
        s.path(),
        &[
            "error: site.yaml:8:1: `review_every: 1000000y` is longer than 100 years",
            &format!("error: {ROCK}:8:1: `review_every: 1000000y` is longer than 100 years"),
            &format!("error: {RESTART}:8:1: `review_every: 99999999999999999999d` is longer than 100 years"),
            "hint: write a period of at most 100 years, e.g. 180d or 1y",
        ],
    );
}

#[test]
fn years_far_away_are_errors_not_panics() {
    let s = site("basic");
    replace(s.path(), RESTART, "last_reviewed: 2026-01-01", "last_reviewed: 1000-01-01T00:00:00+00:00");
    replace(s.path(), ROCK, "last_reviewed: 2026-01-01", "last_reviewed: 9999-01-01");
    fails_with(
        s.path(),
        &[
            &format!("error: {RESTART}:7:1: `last_reviewed: 1000-01-01T00:00:00+00:00`: year 1000 is outside 1900–2199"),
            &format!("error: {ROCK}:7:1: `last_reviewed: 9999-01-01`: year 9999 is outside 1900–2199"),
            "hint: check the year: frontline keeps times between 1900 and 2199",
        ],
    );
}

#[test]
fn deep_front_matter_is_refused_quickly() {
    let s = site("basic");
    let deep = format!("---\ntitle: Deep\na: {}1{}\n---\nbody\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(s.path().join("content/articles/Tips & Tricks/deep.md"), deep).unwrap();
    let toml = format!("+++\ntitle = \"T\"\na = {}1{}\n+++\nbody\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(s.path().join("content/articles/Tips & Tricks/deep-toml.md"), toml).unwrap();
    replace(s.path(), "site.yaml", "review_every: 30d", &format!("review_every: 30d\nsearch:\n  synonyms: {}", "[".repeat(1000)));
    let started = std::time::Instant::now();
    fails_with(
        s.path(),
        &[
            "error: content/articles/Tips & Tricks/deep.md:3:67: front matter nests deeper than 64 levels",
            "error: content/articles/Tips & Tricks/deep-toml.md:3:69: front matter nests deeper than 64 levels",
            "error: site.yaml:10:",
            "the file nests deeper than 64 levels",
        ],
    );
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

#[cfg(unix)]
#[test]
fn special_and_huge_files_are_refused() {
    let s = site("basic");
    let art = s.path().join("content/articles/Tips & Tricks");
    let big = std::fs::File::create(art.join("big.md")).unwrap();
    big.set_len((16 << 20) + 1).unwrap();
    std::fs::remove_file(s.path().join("site.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", s.path().join("site.yaml")).unwrap();
    fails_with(
        s.path(),
        &[
            "error: site.yaml:1:1: is not a regular file (a folder, FIFO, socket or device)",
            "error: content/articles/Tips & Tricks/big.md:1:1: file is larger than 16 MiB",
            "hint: replace it with a regular file; frontline does not read pipes or devices",
        ],
    );
    std::fs::remove_file(s.path().join("site.yaml")).unwrap();
    let big_yaml = format!("title: x\ndescription: \"{}\"\n", "y".repeat(1 << 20));
    std::fs::write(s.path().join("site.yaml"), big_yaml).unwrap();
    fails_with(s.path(), &["error: site.yaml:1:1: file is larger than 1 MiB"]);
    // A FIFO nobody writes to: reading it would block forever.
    std::fs::remove_file(s.path().join("site.yaml")).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(s.path().join("site.yaml")).status().unwrap().success());
    let mut child =
        common::bin().arg("--root").arg(s.path()).args(["check", "--now", NOW]).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("check hangs on a FIFO site.yaml");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: site.yaml:1:1: is not a regular file"), "{}", stderr(&o));
}

#[test]
fn url_keys_in_site_yaml_must_be_web_urls() {
    let s = site("basic");
    replace(s.path(), "site.yaml", "base_url: https://help.test.example", "base_url: javascript:alert(1)");
    replace(
        s.path(),
        "site.yaml",
        "contact: {email: help@test.example, phone: \"+7 800 000-00-00\"}",
        "contact: {email: \"a@b.c?x=<script>\", url: \"JavaScript:alert(document.cookie)\"}\nbroadcast:\n  webhooks:\n    - {url: \"file:///etc/passwd\", format: json}",
    );
    fails_with(
        s.path(),
        &[
            "error: site.yaml:2:1: `base_url: javascript:alert(1)` is not an http:// or https:// URL",
            "error: site.yaml:7:1: `url: JavaScript:alert(document.cookie)` is not an http:// or https:// URL",
            "error: site.yaml:7:1: `email: a@b.c?x=<script>` is not an e-mail address",
            "error: site.yaml:10:1: `url: file:///etc/passwd` is not an http:// or https:// URL",
        ],
    );
}

#[test]
fn a_now_far_away_is_a_usage_error() {
    let dir = site("basic");
    for now in ["9999-01-01T00:00:00Z", "0001-01-01T00:00:00+03:00"] {
        for cmd in ["build", "check"] {
            let o = run(dir.path(), &[cmd, "--now", now]);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{cmd} --now {now}: {err}");
            assert!(err.contains("is outside 1900–2199") && !err.contains("panicked"), "{err}");
        }
    }
    assert!(!dir.path().join("public").exists());
}

/// The incident commands never write a time the build refuses (found by the fuzz
/// smoke: an update at 2206 made the incident file an error).
#[test]
fn incident_times_far_away_are_usage_errors() {
    let dir = site("status");
    let inc = dir.path().join("content/incidents/2026-11-23-checkout-slow.md");
    let before = std::fs::read(&inc).unwrap();
    for args in [
        &["incident", "update", "checkout-slow", "--status", "monitoring", "--message", "x", "--at", "2206-11-23T11:00:00+03:00"][..],
        &["incident", "resolve", "checkout-slow", "--message", "x", "--at", "1800-01-01 10:00"][..],
        &["maintenance", "schedule", "W", "--start", "2300-01-01T00:00:00Z", "--end", "2300-01-01T01:00:00Z", "--message", "x"][..],
    ] {
        let o = run(dir.path(), args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("is outside 1900–2199"), "{err}");
    }
    assert_eq!(std::fs::read(&inc).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(dir.path().join("content/incidents"))
            .unwrap()
            .filter(|e| e.as_ref().is_ok_and(|e| !e.file_name().to_string_lossy().starts_with('.')))
            .count(),
        3
    );
}
