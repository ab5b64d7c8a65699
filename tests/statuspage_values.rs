//! Statuspage v2 JSON value by value, as real Statuspage pages publish it (the
//! shapes are in status_site.rs): notification fields, maintenance times and
//! listing agreeing with the feed, stable component and page times, `monitoring_at`
//! while verifying, the first update's components, positions per level, a stable
//! `page.id`, sub-path addresses refused, feeds advertised and hosting headers.

mod common;
use common::*;
use serde_json::{json, Value};
use std::path::Path;

fn build_at(root: &Path, now: &str, extra: &[&str]) {
    let mut args = vec!["build", "--no-search", "--now", now];
    args.extend_from_slice(extra);
    let out = run(root, &args);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn json(p: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(p, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn api(p: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = snapshot_dir(&p.join("public/api"))
        .into_iter()
        .map(|(rel, b)| (rel.display().to_string(), String::from_utf8(b).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn updates_components_and_page_as_real_pages_publish_them() {
    let dir = site("status");
    let p = dir.path();
    build_at(p, "2026-11-23T12:00:00+03:00", &[]);
    let incidents = json(p, "public/api/v2/incidents.json");
    let outage = incidents["incidents"].as_array().unwrap().iter().find(|i| i["name"] == "API outage").unwrap().clone();
    let ups = outage["incident_updates"].as_array().unwrap();
    for u in ups {
        assert_eq!((&u["deliver_notifications"], &u["custom_tweet"], &u["tweet_id"]), (&json!(true), &Value::Null, &Value::Null));
    }
    // The first update set the incident's components: operational -> major_outage.
    assert_eq!(
        ups.last().unwrap()["affected_components"],
        json!([{"code": "api", "name": "Public API", "old_status": "operational", "new_status": "major_outage"}])
    );

    // Components: a group before its children, positions counted within each level;
    // created_at from the content (the first incident), never after updated_at.
    let comps = json(p, "public/api/v2/components.json");
    let rows: Vec<(String, bool, u64)> = comps["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_string(), c["group"] == true, c["position"].as_u64().unwrap()))
        .collect();
    let want = [("Platform", true, 1), ("Public API", false, 1), ("Website", false, 2), ("Shop", true, 2), ("Checkout", false, 1)];
    assert_eq!(rows, want.map(|(n, g, pos)| (n.to_string(), g, pos)));
    for c in comps["components"].as_array().unwrap() {
        assert_eq!(c["created_at"], "2026-11-20T10:00:00+03:00", "{c}");
        assert!(c["created_at"].as_str() <= c["updated_at"].as_str(), "{c}");
    }
    let by_id = |id: &str| comps["components"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(by_id("web")["updated_at"], "2026-11-20T10:00:00+03:00", "never touched: its created_at");
    assert_eq!(by_id("checkout")["updated_at"], "2026-11-23T09:00:00+03:00");
    assert_eq!(comps["page"]["updated_at"], "2026-11-23T09:00:00+03:00", "the latest posted update");

    // The maintenance was announced on the 21st: that is its created_at and updated_at
    // (not its scheduled start, which lies ahead).
    let m = &json(p, "public/api/v2/scheduled-maintenances/upcoming.json")["scheduled_maintenances"][0];
    assert_eq!((&m["created_at"], &m["updated_at"]), (&json!("2026-11-21T12:00:00+03:00"), &json!("2026-11-21T12:00:00+03:00")));

    // An hour later nothing changed: every JSON file is byte for byte the same.
    let before = api(p);
    build_at(p, "2026-11-23T13:00:00+03:00", &[]);
    assert_eq!(api(p), before, "identical content an hour apart gives identical JSON");

    // Another address (a preview) keeps the page id.
    let id = comps["page"]["id"].clone();
    build_at(p, "2026-11-23T13:00:00+03:00", &["--base-url", "https://preview.test.example"]);
    assert_eq!(json(p, "public/api/v2/status.json")["page"]["id"], id);
}

#[test]
fn a_maintenance_is_listed_once_announced_as_in_the_feed_and_verifying_sets_monitoring_at() {
    let dir = site("status");
    let p = dir.path();
    // Before the announcement (the 21st): neither the JSON nor the feed has it.
    build_at(p, "2026-11-20T11:00:00+03:00", &[]);
    assert_eq!(json(p, "public/api/v2/scheduled-maintenances.json")["scheduled_maintenances"], json!([]));
    assert_eq!(json(p, "public/api/v2/scheduled-maintenances/upcoming.json")["scheduled_maintenances"], json!([]));
    let feed = feed_rs::parser::parse(read(p, "public/status/feed.atom").as_bytes()).unwrap();
    assert!(feed.entries.iter().all(|e| !e.title.as_ref().unwrap().content.contains("Database maintenance")));

    std::fs::write(
        p.join("content/incidents/2026-11-26-verify.md"),
        "---\ntitle: Cache upgrade\nkind: maintenance\nscheduled_start: 2026-11-26T02:00:00+03:00\nscheduled_end: 2026-11-26T04:00:00+03:00\ncomponents: {web: under_maintenance}\nupdates:\n  - at: 2026-11-24T10:00:00+03:00\n    status: scheduled\n    message: Planned.\n  - at: 2026-11-26T02:00:00+03:00\n    status: in_progress\n    message: Started.\n  - at: 2026-11-26T03:30:00+03:00\n    status: verifying\n    message: Checking.\n---\n",
    )
    .unwrap();
    build_at(p, "2026-11-26T03:45:00+03:00", &[]);
    let active = json(p, "public/api/v2/scheduled-maintenances/active.json");
    let m = active["scheduled_maintenances"].as_array().unwrap().iter().find(|m| m["name"] == "Cache upgrade").unwrap().clone();
    assert_eq!((&m["status"], &m["monitoring_at"]), (&json!("verifying"), &json!("2026-11-26T03:30:00+03:00")));
}

#[test]
fn a_sub_path_address_is_refused_clearly() {
    let dir = site("status");
    let p = dir.path();
    let out = run(p, &["build", "--no-search", "--base-url", "https://status.test.example/help"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert!(stderr(&out).contains("has a path (`/help`)"), "{}", stderr(&out));
    let yaml = std::fs::read_to_string(p.join("site.yaml")).unwrap();
    std::fs::write(p.join("site.yaml"), yaml.replace("https://status.test.example", "https://status.test.example/help/")).unwrap();
    let out = run(p, &["build", "--no-search"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error: site.yaml:2:1: `base_url: https://status.test.example/help/` has a path"), "{}", stderr(&out));
    assert!(!p.join("public").exists(), "nothing written");
}

#[test]
fn feeds_are_advertised_per_page_and_language_and_hosts_get_cors_headers() {
    let b = baseline("status");
    let status = b.text("public/status/index.html");
    for want in [
        r#"<link rel="alternate" type="application/atom+xml" href="/status/feed.atom""#,
        r#"<link rel="alternate" type="application/rss+xml" href="/status/feed.rss""#,
        r#"<link rel="alternate" type="application/atom+xml" href="/status/components/checkout/feed.atom" title="Component feed: Checkout">"#,
        r#"<a class="component-feed" href="/status/components/api/feed.atom""#,
    ] {
        assert!(status.contains(want), "/status/ lacks {want}");
    }
    assert!(b.text("public/status/incidents/2026-11-20-api-outage/index.html").contains(r#"href="/status/feed.atom""#));
    assert!(b.text("public/ru/index.html").contains(r#"type="application/atom+xml" href="/ru/articles/feed.atom""#));
    // One articles feed per language, each with its language.
    for (rel, lang) in [("public/articles/feed.atom", "en"), ("public/ru/articles/feed.atom", "ru")] {
        let text = b.text(rel);
        assert!(text.contains(&format!("xml:lang=\"{lang}\"")), "{rel}");
        feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }
    let headers = b.text("public/_headers");
    for rule in ["/api/v2/*\n  Access-Control-Allow-Origin: *\n", "/status/feed.atom\n  Access-Control-Allow-Origin: *\n"] {
        assert!(headers.contains(rule), "{headers}");
    }
    assert!(headers.contains("/pagefind/en/fragment/*\n  Cache-Control: public, max-age=31536000, immutable\n"), "{headers}");
    assert!(!b.text("internal/_headers").contains("Access-Control"), "the internal site is for the team only");
}
