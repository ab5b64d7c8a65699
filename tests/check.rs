//! `frontline check`: each finding triggered by a fixture, JSON output shape, exit codes.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn write(p: &Path, rel: &str, text: &str) {
    let f = p.join(rel);
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(f, text).unwrap();
}

fn check_json(root: &Path) -> (i32, Vec<Value>) {
    let out = run(root, &["check", "--format", "json", "--now", NOW]);
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v.as_array().unwrap().clone())
}

fn find<'a>(items: &'a [Value], code: &str, path: &str) -> &'a Value {
    items.iter().find(|d| d["code"] == code && d["path"] == path).unwrap_or_else(|| panic!("no `{code}` for {path} in {items:#?}"))
}

#[test]
fn every_warning_kind_has_a_fixture() {
    let dir = site("basic");
    let p = dir.path();
    let long = "Очень длинное описание. ".repeat(20);
    write(p, "content/articles/Оплата и возврат/no-summary.md", "---\ntitle: Без описания\n---\nТекст.\n");
    write(p, "content/articles/Оплата и возврат/long.md", &format!("---\ntitle: Длинное\nsummary: {long}\n---\nТекст.\n"));
    write(p, "content/articles/orphan.md", "---\ntitle: Orphan\nsummary: Nobody links here.\n---\nAlone.\n");
    write(
        p,
        "content/articles/Оплата и возврат/old.md",
        "---\ntitle: Старая\nsummary: s\nowner: team\nlast_reviewed: 2025-01-01\n---\nТекст.\n",
    );
    write(p, "content/runbooks/ops/ownerless.md", "# Ownerless runbook\n\nSteps.\n");
    // The Russian source is newer than its translation.
    let src = "content/articles/Оплата и возврат/Возврат денег.md";
    let text = std::fs::read_to_string(p.join(src)).unwrap().replace("updated: 2026-11-02", "updated: 2026-11-20");
    write(p, src, &text);
    write(
        p,
        "site.yaml",
        &format!("{}status:\n  components:\n    - {{id: api, name: API}}\n", std::fs::read_to_string(p.join("site.yaml")).unwrap()),
    );
    write(
        p,
        "content/incidents/2026-11-01-long.md",
        "---\ntitle: Long one\nimpact: minor\ncomponents: {api: degraded_performance}\nstarted: 2026-11-01T10:00:00+03:00\n---\n",
    );

    let (code, items) = check_json(p);
    assert_eq!(code, 0, "warnings only: exit 0; {items:#?}");
    for d in &items {
        let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["path", "line", "column", "severity", "code", "message", "hint"]);
        assert_eq!(d["severity"], "warning");
    }
    find(&items, "missing-summary", "content/articles/Оплата и возврат/no-summary.md");
    let long = find(&items, "summary-too-long", "content/articles/Оплата и возврат/long.md");
    assert_eq!(long["line"], 3);
    find(&items, "orphan-article", "content/articles/orphan.md");
    let old = find(&items, "review-overdue", "content/articles/Оплата и возврат/old.md");
    assert_eq!(old["line"], 5);
    assert!(old["message"].as_str().unwrap().contains("2025-01-31 (every 30 days)"), "{old}");
    find(&items, "review-overdue", "content/runbooks/ops/restart.md");
    find(&items, "missing-owner", "content/runbooks/ops/ownerless.md");
    let stale = find(&items, "stale-translation", "content/articles/Оплата и возврат/Возврат денег.en.md");
    assert_eq!(stale["line"], 4, "the translation's `lastmod = ...` line");
    let inc = find(&items, "incident-open-long", "content/incidents/2026-11-01-long.md");
    assert_eq!(inc["line"], 5);
    // Nothing was written.
    assert!(!p.join("public").exists() && !p.join("internal").exists());

    // Text format says the same and still exits 0.
    let out = run(p, &["check", "--now", NOW]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("warning: content/runbooks/ops/ownerless.md:1:1: this runbook has no `owner`"));
}

#[test]
fn errors_exit_1_in_json_too() {
    let dir = site("basic");
    write(dir.path(), "content/articles/bad.md", "---\ntitle: [\n---\n");
    let (code, items) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(items[0]["severity"], "error");
    assert_eq!(items[0]["code"], "invalid-yaml");
    assert_eq!(items[0]["path"], "content/articles/bad.md");
}
