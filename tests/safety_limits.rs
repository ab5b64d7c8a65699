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
    replace(s.path(), RESTART, "last_reviewed: 2026-01-01", "last_reviewed: +262142-01-01T00:00:00+00:00");
    replace(s.path(), ROCK, "last_reviewed: 2026-01-01", "last_reviewed: 9999-01-01");
    fails_with(
        s.path(),
        &[
            &format!("error: {RESTART}:7:1: `last_reviewed: +262142-01-01T00:00:00+00:00`: year 262142 is outside 1900–2199"),
            &format!("error: {ROCK}:7:1: `last_reviewed: 9999-01-01`: year 9999 is outside 1900–2199"),
            "hint: check the year: frontline keeps times between 1900 and 2199",
        ],
    );
}
