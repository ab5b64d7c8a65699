//! A cState history as real ones are (`tests/fixtures/cstate`): systems declared in
//! cState's `config.yml`, one-digit hours with an offset, `resolvedWhen` before
//! `date`, an `affected` name declared nowhere, times without an offset, and no
//! `updates:` anywhere. It builds with warnings only, and every incident reaches
//! the feeds and the JSON with one update made from its body.

mod common;
use common::*;
use serde_json::Value;

#[test]
fn a_cstate_history_with_every_quirk_builds_with_warnings_and_full_feeds() {
    let dir = site("cstate");
    let p = dir.path();
    let out = run(p, &["build", "--no-search", "--now", "2024-01-10T09:00:00+00:00"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("error:"), "warnings only:\n{err}");
    for want in [
        "warning: content/incidents/2023-11-02-backwards-times.md:5:1: `resolvedWhen` (2023-11-02T13:15:00+00:00) is before `started` (2023-11-02T14:00:00+00:00); shown as resolved at its start",
        "warning: content/incidents/2023-10-15-legacy-ftp.md:8:1: component `Legacy FTP` is not declared; it is listed under \"Other\" as `legacy-ftp`",
        "warning: content/incidents/2023-10-15-legacy-ftp.md:3:1: `date: 2023-10-15 09:00:00` has no UTC offset; read as UTC",
    ] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
    assert!(!err.contains("2023-12-04-gateway-timeouts"), "a one-digit hour with an offset is a date:\n{err}");

    // Feeds: one entry per incident (4), read by a real parser.
    let parse = |rel: &str| feed_rs::parser::parse(read(p, rel).as_bytes()).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let atom = parse("public/status/feed.atom");
    assert_eq!(atom.entries.len(), 4);
    let gateway = atom.entries.iter().find(|e| e.title.as_ref().unwrap().content == "Gateway timeouts: Resolved").expect("resolved entry");
    assert_eq!(gateway.updated.unwrap().to_rfc3339(), "2023-12-04T09:30:00+00:00", "at its resolve time");
    assert_eq!(parse("public/status/feed.rss").entries.len(), 4);
    assert_eq!(parse("public/status/components/legacy-ftp/feed.atom").entries.len(), 2);

    // JSON: one update each, its body the incident's text (markup dropped).
    let incidents: Value = serde_json::from_str(&read(p, "public/api/v2/incidents.json")).unwrap();
    let list = incidents["incidents"].as_array().unwrap();
    assert_eq!(list.len(), 4);
    for i in list {
        assert_eq!(i["incident_updates"].as_array().unwrap().len(), 1, "{}", i["name"]);
    }
    let by_name = |n: &str| list.iter().find(|i| i["name"] == n).unwrap().clone();
    let g = by_name("Gateway timeouts");
    assert_eq!(g["started_at"], "2023-12-04T08:00:00+00:00");
    assert_eq!(g["incident_updates"][0]["status"], "resolved");
    assert_eq!(g["incident_updates"][0]["body"], "Some requests to the Gateway timed out.\n\nResolved — a bad deploy was rolled back.");
    let back = by_name("Media proxy errors");
    assert_eq!((&back["status"], &back["resolved_at"]), (&"resolved".into(), &back["started_at"]), "resolved at its start");
    let open = by_name("API is down");
    assert_eq!(open["incident_updates"][0]["status"], "investigating");
    assert_eq!(open["incident_updates"][0]["body"], "We are investigating failed API requests.", "the internal block stays out");

    // Components: config.yml's systems by category, the undeclared one under "Other".
    let comps: Value = serde_json::from_str(&read(p, "public/api/v2/components.json")).unwrap();
    let rows: Vec<(String, bool)> =
        comps["components"].as_array().unwrap().iter().map(|c| (c["name"].as_str().unwrap().to_string(), c["group"] == true)).collect();
    let want = [
        ("North Coast", true),
        ("Gateway", false),
        ("Backup Gateway", false),
        ("Uncategorized", true),
        ("API", false),
        ("Media Proxy", false),
        ("Other", true),
        ("Legacy FTP", false),
    ];
    assert_eq!(rows, want.map(|(n, g)| (n.to_string(), g)));

    // Pages: the body, and no empty "Timeline" heading.
    let page = read(p, "public/status/incidents/2023-12-04-gateway-timeouts/index.html");
    assert!(page.contains("Some requests to the <em>Gateway</em> timed out.") && !page.contains("Timeline"), "{page}");
    let status = read(p, "public/status/index.html");
    assert!(status.contains("API is down") && !status.contains(r#"<ol class="timeline">"#), "no empty timeline");

    // The internal block is on the internal site only.
    assert!(read(p, "internal/status/incidents/2024-01-10-api-down/index.html").contains("CANARY-CSTATE-BODY-INTERNAL-77f1"));
    for (path, bytes) in snapshot_dir(&p.join("public")) {
        assert!(!String::from_utf8_lossy(&bytes).contains("CANARY-CSTATE-BODY-INTERNAL-77f1"), "leaked into public/{}", path.display());
    }
}
