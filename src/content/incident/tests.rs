//! Parsing incident files: types, lines, cState quirks.

use super::*;
use crate::config::{Component, Localized};

fn config() -> Config {
    let mut c = Config::defaults(Path::new("/nonexistent-site"));
    c.components.push(Component { id: "api".into(), name: Localized::plain("Public API"), group: None, description: None });
    c
}

/// A wrong type on any incident key is an error on its line (these were dropped
/// silently: `draft: maybe` published the incident).
#[test]
fn a_wrong_type_on_any_key_is_reported_on_its_line() {
    let text = "---\ntitle: Broken\nstarted: 2026-11-20T10:00:00+03:00\nkind: [incident]\ninternal: {a: 1}\ndraft: maybe\nimpact: [major]\nseverity: {x: 1}\naffected: {a: b}\narticles: {x: 1}\n---\nBody\n";
    let (_, diags) = parse(&config(), Path::new("content/incidents/2026-11-20-x.md"), text);
    let mut got: Vec<(usize, &str)> =
        diags.iter().filter(|d| d.severity == crate::diag::Severity::Error).map(|d| (d.line, d.code)).collect();
    got.sort();
    let want: Vec<(usize, &str)> = (4..=10).map(|l| (l, "wrong-type")).collect();
    assert_eq!(got, want, "{diags:#?}");
}

/// An update left out (no time) does not shift the lines of the ones after it.
#[test]
fn an_update_is_reported_on_its_own_item_after_a_skipped_one() {
    let text = "---\ntitle: T\nstarted: 2026-11-20T10:00:00+03:00\nupdates:\n  - status: investigating\n  - at: 2026-11-20T09:00:00+03:00\n    status: investigating\n---\n";
    let (_, diags) = parse(&config(), Path::new("content/incidents/2026-11-20-z.md"), text);
    let got: Vec<(usize, &str)> = diags.iter().map(|d| (d.line, d.code)).collect();
    assert_eq!(got, [(5, "update-without-time"), (6, "update-before-started")], "{diags:#?}");
}

#[test]
fn cstate_keys_still_read() {
    let text = "---\ntitle: Down\ndate: 2026-11-20T10:00:00+03:00\nresolved: true\nresolvedWhen: 2026-11-20T11:00:00+03:00\nseverity: down\naffected: [public api]\ndraft: \"false\"\n---\nBody\n";
    let (inc, diags) = parse(&config(), Path::new("content/incidents/2026-11-20-y.md"), text);
    assert!(diags.is_empty(), "{diags:#?}");
    let inc = inc.unwrap();
    assert_eq!((inc.impact, inc.draft), (Impact::Major, false));
    assert_eq!(inc.components, [("api".to_string(), ComponentStatus::MajorOutage)]);
    assert!(inc.resolved.is_some());
}

#[test]
fn cstate_quirks_one_digit_hours_bad_values_and_early_resolved_when() {
    let shown = Path::new("content/incidents/2023-12-04-a.md");
    let go = "---\ntitle: A\ndate: 2023-12-04T8:00:00-00:00\nresolved: true\nresolvedWhen: 2023-12-04T9:30:00-00:00\n---\n";
    let (inc, diags) = parse(&config(), shown, go);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(inc.unwrap().started.to_rfc3339(), "2023-12-04T08:00:00+00:00");
    // A value that does not parse is reported once, not also as a missing key.
    let bad = "---\ntitle: A\ndate: soon\nresolved: true\nresolvedWhen: later\n---\n";
    let (_, diags) = parse(&config(), shown, bad);
    let got: Vec<(usize, &str)> = diags.iter().map(|d| (d.line, d.code)).collect();
    assert_eq!(got, [(3, "bad-date"), (5, "bad-date")], "{diags:#?}");
    // resolvedWhen before date: a warning, the incident shown resolved at its start.
    let early = "---\ntitle: A\ndate: 2023-12-04T10:00:00+03:00\nresolved: true\nresolvedWhen: 2023-12-04T09:00:00+03:00\n---\n";
    let (inc, diags) = parse(&config(), shown, early);
    let got: Vec<(usize, &str, crate::diag::Severity)> = diags.iter().map(|d| (d.line, d.code, d.severity)).collect();
    assert_eq!(got, [(5, "resolved-before-started", crate::diag::Severity::Warning)], "{diags:#?}");
    let inc = inc.unwrap();
    assert_eq!(inc.resolved, Some(inc.started));
}
