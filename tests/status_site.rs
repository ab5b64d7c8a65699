//! Status page outputs: feeds parsed by a real feed parser, every JSON file checked
//! field by field against the SPEC's Statuspage v2 shapes, validation errors,
//! cState history, banner, and the internal-note canary.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn built(name: &str, now: &str) -> tempfile::TempDir {
    let dir = site(name);
    let out = run(dir.path(), &["build", "--now", now]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

fn json(p: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(p, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

const PAGE_KEYS: [&str; 5] = ["id", "name", "url", "time_zone", "updated_at"];
const COMPONENT_KEYS: [&str; 13] = [
    "id",
    "name",
    "status",
    "created_at",
    "updated_at",
    "position",
    "description",
    "showcase",
    "start_date",
    "group_id",
    "page_id",
    "group",
    "only_show_if_degraded",
];
const INCIDENT_KEYS: [&str; 14] = [
    "id",
    "name",
    "status",
    "created_at",
    "updated_at",
    "monitoring_at",
    "resolved_at",
    "impact",
    "shortlink",
    "started_at",
    "page_id",
    "incident_updates",
    "components",
    "scheduled_for",
];
const UPDATE_KEYS: [&str; 11] = [
    "id",
    "status",
    "body",
    "incident_id",
    "created_at",
    "updated_at",
    "display_at",
    "affected_components",
    "deliver_notifications",
    "custom_tweet",
    "tweet_id",
];

fn is_time(v: &Value) -> bool {
    v.as_str().is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok())
}

fn check_page(v: &Value) {
    assert_eq!(keys(&v["page"]), PAGE_KEYS);
    assert_eq!(v["page"]["url"], "https://status.test.example");
    assert_eq!(v["page"]["time_zone"], "Europe/Moscow");
    assert!(is_time(&v["page"]["updated_at"]));
    assert_eq!(keys(v)[0], "page", "every file starts with page");
}

fn check_component(c: &Value) {
    let mut want: Vec<&str> = COMPONENT_KEYS.to_vec();
    if c["group"] == true {
        want.push("components");
        assert!(c["components"].as_array().is_some_and(|a| !a.is_empty()));
    }
    assert_eq!(keys(c), want);
    assert!(["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"]
        .contains(&c["status"].as_str().unwrap()));
    assert!(is_time(&c["created_at"]) && is_time(&c["updated_at"]) && c["position"].is_u64());
}

fn check_incident(i: &Value, maintenance: bool) {
    let mut want: Vec<&str> = INCIDENT_KEYS[..13].to_vec();
    if maintenance {
        want.extend(["scheduled_for", "scheduled_until"]);
        assert!(is_time(&i["scheduled_for"]) && is_time(&i["scheduled_until"]));
    }
    assert_eq!(keys(i), want);
    // Statuspage gives scheduled maintenance the impact `maintenance` (so do the webhooks).
    if maintenance {
        assert_eq!(i["impact"], "maintenance");
    } else {
        assert!(["none", "minor", "major", "critical"].contains(&i["impact"].as_str().unwrap()));
    }
    assert!(i["shortlink"].as_str().unwrap().starts_with("https://status.test.example/status/incidents/"));
    for u in i["incident_updates"].as_array().unwrap() {
        assert_eq!(keys(u), UPDATE_KEYS);
        assert_eq!(u["incident_id"], i["id"]);
        assert!(is_time(&u["created_at"]) && is_time(&u["display_at"]));
        if let Some(ac) = u["affected_components"].as_array() {
            for a in ac {
                assert_eq!(keys(a), ["code", "name", "old_status", "new_status"]);
            }
        } else {
            assert!(u["affected_components"].is_null());
        }
    }
    for c in i["components"].as_array().unwrap() {
        check_component(c);
    }
}

#[test]
fn json_api_shapes_and_consistency() {
    let dir = baseline("status").copy();
    let p = dir.path();
    let files = [
        "status.json",
        "summary.json",
        "components.json",
        "incidents.json",
        "incidents/unresolved.json",
        "scheduled-maintenances.json",
        "scheduled-maintenances/upcoming.json",
        "scheduled-maintenances/active.json",
    ];
    for f in files {
        check_page(&json(p, &format!("public/api/v2/{f}")));
    }
    let status = json(p, "public/api/v2/status.json");
    assert_eq!(keys(&status), ["page", "status"]);
    assert_eq!(status["status"], serde_json::json!({"indicator": "minor", "description": "Minor Service Outage"}));

    let comps = json(p, "public/api/v2/components.json");
    let rows = comps["components"].as_array().unwrap();
    rows.iter().for_each(check_component);
    let by_id = |id: &str| rows.iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(by_id("checkout")["status"], "degraded_performance");
    assert_eq!(by_id("api")["status"], "operational");
    let platform = rows.iter().find(|c| c["group"] == true && c["name"] == "Platform").unwrap();
    assert_eq!(platform["components"], serde_json::json!(["api", "web"]));
    assert_eq!(by_id("api")["group_id"], platform["id"]);

    let incidents = json(p, "public/api/v2/incidents.json");
    let list = incidents["incidents"].as_array().unwrap();
    assert_eq!(list.len(), 2, "incidents only, newest first");
    list.iter().for_each(|i| check_incident(i, false));
    assert_eq!(list[0]["name"], "Checkout is slow");
    let outage = &list[1];
    assert_eq!(outage["status"], "resolved");
    assert_eq!(outage["resolved_at"], "2026-11-20T12:00:00+03:00");
    let ups = outage["incident_updates"].as_array().unwrap();
    assert_eq!(ups.len(), 3);
    assert_eq!(ups[0]["status"], "resolved", "newest first");
    assert_eq!(
        ups[1]["affected_components"],
        serde_json::json!([{"code": "api", "name": "Public API", "old_status": "major_outage", "new_status": "partial_outage"}])
    );

    let unresolved = json(p, "public/api/v2/incidents/unresolved.json");
    assert_eq!(unresolved["incidents"].as_array().unwrap().len(), 1);
    let upcoming = json(p, "public/api/v2/scheduled-maintenances/upcoming.json");
    let m = upcoming["scheduled_maintenances"].as_array().unwrap();
    assert_eq!(m.len(), 1);
    check_incident(&m[0], true);
    assert_eq!(m[0]["status"], "scheduled");
    assert_eq!(json(p, "public/api/v2/scheduled-maintenances/active.json")["scheduled_maintenances"], serde_json::json!([]));
    let summary = json(p, "public/api/v2/summary.json");
    assert_eq!(keys(&summary), ["page", "components", "incidents", "scheduled_maintenances", "status"]);
    assert_eq!(summary["incidents"], unresolved["incidents"]);
    assert_eq!(summary["components"], comps["components"]);

    // During the maintenance window the page and JSON agree.
    let during = built("status", "2026-11-25T03:00:00+03:00");
    let active = json(during.path(), "public/api/v2/scheduled-maintenances/active.json");
    assert_eq!(active["scheduled_maintenances"][0]["status"], "in_progress");
    let comps = json(during.path(), "public/api/v2/components.json");
    assert_eq!(comps["components"].as_array().unwrap().iter().find(|c| c["id"] == "web").unwrap()["status"], "under_maintenance");
    assert!(read(during.path(), "public/status/index.html").contains("st-under_maintenance"));

    // After the window: completed, at the window's end (Statuspage's `resolved_at`).
    let after = built("status", "2026-11-26T12:00:00+03:00");
    let all = json(after.path(), "public/api/v2/scheduled-maintenances.json");
    let done = &all["scheduled_maintenances"][0];
    check_incident(done, true);
    assert_eq!(done["status"], "completed");
    assert_eq!(done["resolved_at"], "2026-11-25T04:00:00+03:00");
    assert_eq!(done["resolved_at"], done["scheduled_until"]);
    assert_eq!(done["updated_at"], "2026-11-25T04:00:00+03:00");

    // Ids are stable across builds (the baseline was built in another folder).
    let again = built("status", "2026-11-23T12:00:00+03:00");
    assert_eq!(json(again.path(), "public/api/v2/incidents.json")["incidents"], incidents["incidents"]);
}

#[test]
fn feeds_parse_with_a_real_parser() {
    let dir = baseline("status").copy();
    let p = dir.path();
    let parse = |rel: &str| feed_rs::parser::parse(read(p, rel).as_bytes()).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let atom = parse("public/status/feed.atom");
    // RFC 4287: a feed whose entries name no author names one itself.
    assert_eq!(atom.authors.first().map(|a| a.name.as_str()), Some("Status Test"), "{:?}", atom.authors);
    // 3 updates of the outage + 1 of checkout + 1 maintenance announcement, newest first.
    assert_eq!(atom.entries.len(), 5);
    assert_eq!(atom.entries[0].title.as_ref().unwrap().content, "Checkout is slow: Investigating");
    assert!(atom.entries.iter().all(|e| e.id.starts_with("https://status.test.example/status/incidents/")));
    let ids: std::collections::BTreeSet<_> = atom.entries.iter().map(|e| e.id.clone()).collect();
    assert_eq!(ids.len(), 5, "ids unique");
    let rss = parse("public/status/feed.rss");
    assert_eq!(rss.entries.len(), 5);
    assert_eq!(rss.entries.iter().map(|e| e.id.clone()).collect::<std::collections::BTreeSet<_>>(), ids, "same stable ids in RSS guid");
    assert!(rss.entries.iter().any(|e| e.summary.as_ref().is_some_and(|s| s.content.contains("Database failover in progress."))));
    let api = parse("public/status/components/api/feed.atom");
    assert_eq!(api.entries.len(), 4, "outage (3) + maintenance (1) touch api");
    assert_eq!(parse("public/status/components/checkout/feed.atom").entries.len(), 1);
    assert_eq!(parse("public/articles/feed.atom").entries.len(), 1);
    let again = built("status", "2026-11-23T12:00:00+03:00");
    assert_eq!(read(again.path(), "public/status/feed.atom"), read(p, "public/status/feed.atom"), "stable feed");
    assert!(read(p, "public/status/badge.svg").contains("minor outage"));
}

#[test]
fn status_pages_banner_and_canary() {
    let dir = baseline("status").copy();
    let p = dir.path();
    let status = read(p, "public/status/index.html");
    assert!(status.contains("Minor Service Outage") && status.contains("Checkout is slow"));
    assert_eq!(status.matches("class=\"bar ").count(), 3 * 30, "30 days × 3 components");
    assert!(status.contains("tabindex=\"0\" title=\"November 20, 2026: uptime"), "each day readable by hover and focus");
    assert!(status.contains("<span class=\"visually-hidden\">November 20, 2026: uptime"), "and by screen reader");
    assert!(read(p, "public/ru/status/index.html").contains("<html lang=\"ru\">"));
    let history = read(p, "public/status/history/index.html");
    assert!(history.contains(">November 2026</h2>") && history.contains("API outage"));
    let inc = read(p, "public/status/incidents/2026-11-20-api-outage/index.html");
    assert!(inc.contains("Post-mortem: the primary database ran out of disk.") && inc.contains("href=\"/articles/help/refund/\""));
    let pos = |s: &str| inc.find(s).unwrap();
    assert!(pos("All good now.") < pos("We are looking into API errors."), "timeline newest first");
    // Banner on the help center while an incident is open.
    assert!(read(p, "public/index.html").contains("class=\"status-banner level-"));
    assert!(read(p, "public/articles/help/refund/index.html").contains("Checkout is slow</a>"));
    // Internal site shows the note and runbook; public never does.
    let internal = read(p, "internal/status/incidents/2026-11-20-api-outage/index.html");
    assert!(
        internal.contains("CANARY-STATUS-INTERNAL-NOTE-5c3d")
            && internal.contains("CANARY-STATUS-RUNBOOK-TITLE-91aa")
            && internal.contains("/runbooks/ops/psp-down/")
    );
    for (path, bytes) in snapshot_dir(&p.join("public")) {
        let t = String::from_utf8_lossy(&bytes);
        for m in ["CANARY-STATUS-INTERNAL-NOTE-5c3d", "CANARY-STATUS-RUNBOOK-TITLE-91aa", "/runbooks/", "psp-down", "OPS-1"] {
            assert!(!t.contains(m), "{m} leaked into public/{}", path.display());
        }
    }
    // Maintenance within 7 days shows the banner; nothing open and nothing soon shows none.
    let soon = built("status", "2026-11-19T12:00:00+03:00");
    assert!(read(soon.path(), "public/index.html").contains("status-banner level-maintenance"));
    let quiet = built("status", "2026-11-10T12:00:00+03:00");
    assert!(!read(quiet.path(), "public/index.html").contains("status-banner level-"));
    assert!(read(quiet.path(), "public/status/index.html").contains("All Systems Operational"));
}

fn write(p: &Path, rel: &str, text: &str) {
    std::fs::write(p.join(rel), text).unwrap();
}

#[test]
fn incident_validation_errors_with_lines() {
    let dir = site("status");
    let p = dir.path();
    write(p, "content/incidents/2026-11-01-bad.md", "---\ntitle: Bad\nimpact: huge\ncomponents:\n  apii: major_outage\n  web: broken\nstarted: 2026-11-01T10:00:00+03:00\nresolved: 2026-11-01T09:00:00+03:00\nupdates:\n  - at: 2026-11-01T09:30:00+03:00\n    status: investigating\n    message: x\n  - at: 2026-11-01T10:30:00+03:00\n    status: fixing\n    message: y\n---\n");
    write(p, "content/incidents/2026-11-02-maint.md", "---\ntitle: Maint\nkind: maintenance\nstarted: 2026-11-02T10:00:00+03:00\n---\n");
    let out = run(p, &["build", "--now", NOW]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for want in [
        "error: content/incidents/2026-11-01-bad.md:3:1: unknown impact `huge`",
        "error: content/incidents/2026-11-01-bad.md:5:1: unknown component `apii`",
        "hint: did you mean `api`?",
        "error: content/incidents/2026-11-01-bad.md:6:1: unknown component status `broken` for `web`",
        "error: content/incidents/2026-11-01-bad.md:8:1: `resolved` (2026-11-01T09:00:00+03:00) is before `started`",
        "error: content/incidents/2026-11-01-bad.md:10:1: update at 2026-11-01T09:30:00+03:00 is before `started`",
        "error: content/incidents/2026-11-01-bad.md:13:1: unknown update status `fixing`",
        "error: content/incidents/2026-11-02-maint.md:3:1: maintenance needs `scheduled_start` and `scheduled_end`",
    ] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
}

#[test]
fn cstate_history_builds_unchanged() {
    let dir = site("status");
    let p = dir.path();
    let inc = p.join("content/incidents");
    let severities = ["down", "disrupted", "notice"];
    let names = ["Public API", "website", "CHECKOUT", "api"];
    for n in 0..300 {
        let day = 1 + n % 28;
        let month = 1 + (n / 28) % 12;
        let hour = n % 24;
        let sev = severities[n % 3];
        let name = names[n % 4];
        let resolved = if n % 10 == 0 {
            "resolved: false\n".to_string()
        } else {
            format!("resolved: true\nresolvedWhen: 2025-{month:02}-{day:02}T{}:45:00\n", (hour + 1).min(23))
        };
        let text = format!(
            "---\ntitle: Incident number {n}\ndate: 2025-{month:02}-{day:02}T{hour}:30:00\n{resolved}severity: {sev}\naffected:\n  - {name}\nsection: issue\ninformational: false\npin: false\n---\n\nWe saw *problems* ({n}).\n\n{{{{< track \"2025-{month:02}-{day:02} {hour}:40:00\" >}}}}\nFixed it.\n"
        );
        std::fs::write(inc.join(format!("2025-{month:02}-{day:02}-incident-{n}.md")), text).unwrap();
    }
    let out = run(p, &["build", "--now", "2025-12-31T12:00:00+03:00"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("error:"), "{err}");
    assert!(err.contains("has no UTC offset; read as UTC"), "times without offset warn");
    assert!(p.join("public/status/incidents/2025-01-01-incident-0/index.html").exists());
    let history = read(p, "public/status/history/index.html");
    assert_eq!(history.matches("Incident number ").count(), 300);
    let unresolved: Value = json(p, "public/api/v2/incidents/unresolved.json");
    assert_eq!(unresolved["incidents"].as_array().unwrap().len(), 30, "`resolved: false` files are open");
    let impact_of =
        |title: &str| unresolved["incidents"].as_array().unwrap().iter().find(|i| i["name"] == title).unwrap()["impact"].clone();
    assert_eq!(impact_of("Incident number 0"), "major", "severity down = major");
    assert_eq!(impact_of("Incident number 10"), "minor", "disrupted = minor");
    assert_eq!(impact_of("Incident number 20"), "none", "notice = none");
    let comps = json(p, "public/api/v2/incidents/unresolved.json");
    let n0 = comps["incidents"].as_array().unwrap().iter().find(|i| i["name"] == "Incident number 0").unwrap().clone();
    assert_eq!(n0["components"][0]["id"], "api", "`affected` matched by name, case-insensitively");
}
