//! The operators' site (issue 16): the internal home is a shift screen (open
//! incidents and maintenance with status, age and runbooks; needs review with owner
//! and due date; items without an owner; quick links; no customer contact box), the
//! public home is unchanged and names nothing internal, runbook contacts are links,
//! and the shift data a status-only publish rewrites (`status/shift.json`) follows
//! the incident while the pages that show it are left alone.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn shift(dir: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(dir, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn titles(v: &Value) -> Vec<String> {
    v["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap().to_string()).collect()
}

/// The text of the first `<thead>` after `marker`.
fn thead_after<'a>(html: &'a str, marker: &str) -> &'a str {
    let from = html.find(marker).unwrap_or_else(|| panic!("{marker} not found"));
    let rest = &html[from..];
    let start = rest.find("<thead>").expect("a table head");
    let end = rest.find("</thead>").expect("a table head end");
    &rest[start..end]
}

#[test]
fn internal_home_is_the_shift_screen_and_the_public_home_is_unchanged() {
    let out = tempfile::tempdir().unwrap();
    let o = build_example(out.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let home = read(out.path(), "internal/index.html");
    // The open incident with its status, age and runbooks (its own and its components').
    let open = &home[home.find("ops-incidents").unwrap()..home.find("review-title").unwrap()];
    assert!(open.contains("Сбои при оплате картой"), "{open}");
    assert!(open.contains("Причина найдена"), "its status: {open}");
    assert!(open.contains("открыт 2 ч 20 мин"), "its age at BUILD_NOW (opened 09:40, now 12:00): {open}");
    assert!(open.contains(r#"href="/runbooks/payments/card-declines/""#), "{open}");
    // Upcoming maintenance, with the time to its start.
    assert!(open.contains("Плановые работы с базой данных API") && open.contains("начнутся через 4 д 14 ч"), "{open}");
    // The review table names its columns.
    let head = thead_after(&home, "review-title");
    for col in ["Страница", "Тип", "Владелец", "Срок проверки", "Состояние"] {
        assert!(head.contains(&format!(r#"<th scope="col">{col}</th>"#)), "{col} in {head}");
    }
    assert!(home.contains("unowned-title"), "items without an owner");
    assert!(home.contains(r#"href="/runbooks/""#) && home.contains(r#"href="/search/""#), "quick links");
    assert!(!home.contains("contact-title") && !home.contains("Напишите нам"), "no customer contact box");
    assert!(home.contains("/assets/ops-live.js"));
    assert!(!home.contains("data-status-banner"), "the shift list replaces the customers' status banner");
    let en = read(out.path(), "internal/en/index.html");
    assert!(en.contains("open for 2 h 20 min") && en.contains(r#"href="/en/status/incidents/2026-11-23-card-payments/""#), "English home");

    // The public home: categories, promoted, the contact box; nothing of the above.
    let public = read(out.path(), "public/index.html");
    assert!(public.contains("cats-title") && public.contains("contact-title"), "the public home as it was");
    assert!(public.contains("data-status-banner"), "customers keep the banner");
    for internal in ["ops-incidents", "review-title", "unowned-title", "owners-title", "/runbooks/", "ops-live.js", "payments-team"] {
        assert!(!public.contains(internal), "{internal} on the public home");
    }
    assert!(!out.path().join("public/status/shift.json").exists(), "the shift data is internal only");
    let data = shift(out.path(), "internal/status/shift.json");
    assert_eq!(titles(&data), ["Сбои при оплате картой", "Плановые работы с базой данных API"]);
    assert_eq!(data["items"][0]["runbooks"][0]["url"], "/runbooks/payments/card-declines/");
    assert_eq!(data["items"][0]["since_iso"], "2026-11-23T09:40:00+03:00");
}

#[test]
fn runbook_contacts_are_links_and_its_open_incident_is_on_top() {
    let out = tempfile::tempdir().unwrap();
    assert!(build_example(out.path()).status.success());
    let page = read(out.path(), "internal/runbooks/payments/card-declines/index.html");
    let esc = &page[page.find("esc-title").unwrap()..];
    let esc = &esc[..esc.find("</ol>").unwrap()];
    assert!(esc.contains(r#"<a href="https://oncall.acme.internal/payments">https://oncall.acme.internal/payments</a>"#), "{esc}");
    assert!(
        esc.contains(
            r#"<a href="mailto:acquiring@acme.example">acquiring@acme.example</a>, <a href="tel:+7495000-00-01">+7 495 000-00-01</a>"#
        ),
        "{esc}"
    );
    assert!(esc.contains("#incidents в Slack</li>"), "plain text stays text: {esc}");
    let open = page.find("rb-open-title").expect("the open-incident box");
    assert!(open < page.find("esc-title").unwrap(), "the box is at the top");
    let boxed = &page[open..page[open..].find("</section>").unwrap() + open];
    assert!(boxed.contains("Сбои при оплате картой") && !boxed.contains("Плановые работы"), "open now, not upcoming: {boxed}");
    // A runbook no open incident touches has the box, hidden, for the page's script.
    let other = read(out.path(), "internal/runbooks/delivery/courier-delays/index.html");
    assert!(other.contains(r#"data-shift-components="delivery-tracking ""#) && other.contains(" hidden>"), "hidden box");
}

#[test]
fn a_status_only_publish_rewrites_the_shift_data_the_operators_pages_read() {
    let dir = site("status");
    assert!(build(dir.path()).status.success());
    let before = shift(dir.path(), "internal/status/shift.json");
    assert!(titles(&before).contains(&"Checkout is slow".to_string()), "{before}");
    let home = read(dir.path(), "internal/index.html");
    let later = "2026-11-23T12:30:00+03:00";
    let o = run(dir.path(), &["incident", "resolve", "checkout-slow", "--message", "Fixed.", "--at", later, "--now", later, "--build"]);
    assert!(o.status.success() && stderr(&o).contains("published the status in"), "{}", stderr(&o));
    let after = shift(dir.path(), "internal/status/shift.json");
    assert!(!titles(&after).contains(&"Checkout is slow".to_string()), "resolved: {after}");
    assert_eq!(read(dir.path(), "internal/index.html"), home, "the home page is left alone: its script reads the data");
    // A new incident is there, in every language's data.
    let o = run(
        dir.path(),
        &[
            "incident",
            "open",
            "Payments down",
            "--impact",
            "major",
            "--component",
            "api=major_outage",
            "--message",
            "Down.",
            "--now",
            later,
            "--build",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let after = shift(dir.path(), "internal/ru/status/shift.json");
    let item = after["items"].as_array().unwrap().iter().find(|i| i["title"] == "Payments down").expect("the new incident");
    assert_eq!(item["components"], serde_json::json!(["api"]));
    assert!(item["age"].as_str().unwrap().starts_with("открыт"), "{item}");
    // What the status-only publish wrote is what a full build writes.
    let full = dir.path().join("full-internal");
    let o = run(
        dir.path(),
        &["build", "--now", later, "--out", dir.path().join("full-public").to_str().unwrap(), "--internal-out", full.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for rel in ["status/shift.json", "ru/status/shift.json"] {
        assert_eq!(read(&full, rel), read(&dir.path().join("internal"), rel), "{rel}");
    }
}
