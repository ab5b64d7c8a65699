//! `init` and `new` as a newcomer runs them: the example site moved to today and
//! healthy, an empty site, and new articles/runbooks as drafts in their language.

mod common;
use common::*;
use std::path::Path;

fn init(dir: &Path, args: &[&str], now: &str) -> std::process::Output {
    bin().arg("init").arg(dir).args(args).env("FRONTLINE_NOW", now).output().unwrap()
}

fn summary(public: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(public.join("api/v2/summary.json")).unwrap()).unwrap()
}

/// Whatever the day, a site from `init` shows a healthy status with a recent
/// history: its dates are moved so that the last event is a few days ago.
#[test]
fn init_moves_the_example_to_today_and_it_is_healthy() {
    for now in ["2027-03-10T12:00:00+03:00", "2026-12-01T09:00:00+03:00"] {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("new site");
        let out = init(&site, &[], now);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("frontline serve"), "init says what to run next");
        let names: Vec<String> = std::fs::read_dir(site.join("content/incidents"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let day = |d: &str| chrono::NaiveDate::parse_from_str(&d[..10], "%Y-%m-%d").unwrap();
        let today = day(now);
        let latest = names.iter().map(|n| day(n)).max().unwrap();
        assert!((1..=7).contains(&(today - latest).num_days()), "{now}: the newest incident is a few days old: {names:?}");
        let built = bin().arg("--root").arg(&site).args(["build", "--no-search", "--now", now]).output().unwrap();
        assert!(built.status.success(), "{}", stderr(&built));
        assert!(!stderr(&built).contains("warning"), "{}", stderr(&built));
        let s = summary(&site.join("public"));
        assert_eq!(s["status"]["indicator"], "none", "{now}: nothing open: {s}");
        assert!(s["incidents"].as_array().unwrap().is_empty());
        let status = std::fs::read_to_string(site.join("public/status/index.html")).unwrap();
        assert!(status.contains("99.9") || status.contains("99.8"), "{now}: the uptime bars show the moved incidents");
        let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
        assert!(!home.contains("Сейчас есть сбой</"), "no outage banner on the home page");
    }
}

#[test]
fn init_refuses_a_folder_with_a_site_and_empty_makes_a_bare_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("bare");
    let out = init(&site, &["--empty"], "2026-12-01T09:00:00+03:00");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.join("content/articles").is_dir() && site.join("content/incidents").is_dir());
    assert_eq!(std::fs::read_dir(site.join("content/incidents")).unwrap().count(), 0);
    let built = bin().arg("--root").arg(&site).args(["build", "--now", "2026-12-01T09:00:00+03:00"]).output().unwrap();
    assert!(built.status.success(), "an empty site builds: {}", stderr(&built));
    assert!(site.join("public/index.html").exists() && site.join("public/status/index.html").exists());
    let again = init(&site, &[], "2026-12-01T09:00:00+03:00");
    assert_eq!(again.status.code(), Some(2), "init never writes over a site");
    assert!(read(&site, ".gitignore").contains("/public/"), "the outputs are ignored by git");
    let own = dir.path().join("own");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(own.join(".gitignore"), "mine\n").unwrap();
    assert!(init(&own, &["--empty"], "2026-12-01T09:00:00+03:00").status.success());
    assert_eq!(read(&own, ".gitignore"), "mine\n", "an existing .gitignore is left as it was");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("components: []"), "site.yaml left as it was: {yaml}");
}

#[test]
fn new_article_is_a_draft_in_its_language_in_an_existing_category() {
    let dir = site("basic");
    let p = dir.path();
    // Found by the category's title as well as its folder name.
    let out = run(p, &["new", "article", "Как отменить заказ", "--category", "оплата и возврат"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(path.trim().ends_with("content/articles/Оплата и возврат/kak-otmenit-zakaz.md"), "{path}");
    assert!(stderr(&out).contains("draft"), "{}", stderr(&out));
    let text = read(p, "content/articles/Оплата и возврат/kak-otmenit-zakaz.md");
    assert!(text.contains("title: \"Как отменить заказ\"") && text.contains("draft: true"), "{text}");
    assert!(text.contains("## Что сделать") && !text.contains("Steps"), "Russian placeholders: {text}");
    let b = build(p);
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(!p.join("public/articles/oplata-i-vozvrat/kak-otmenit-zakaz/index.html").exists(), "a draft is not published");
    let b = run(p, &["build", "--now", NOW, "--drafts"]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(p.join("public/articles/oplata-i-vozvrat/kak-otmenit-zakaz/index.html").exists(), "--drafts shows it");
}

/// `--lang en` with the title of an existing article writes its translation beside it.
#[test]
fn new_article_with_lang_translates_an_existing_title() {
    let dir = site("basic");
    let p = dir.path();
    assert!(run(p, &["new", "article", "Как отменить заказ", "--category", "Оплата и возврат"]).status.success());
    let out = run(p, &["new", "article", "Как отменить заказ", "--lang", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).trim().ends_with("Оплата и возврат/kak-otmenit-zakaz.en.md"), "{}", stderr(&out));
    assert!(stderr(&out).contains("translation of content/articles/Оплата и возврат/kak-otmenit-zakaz.md"), "{}", stderr(&out));
    let text = read(p, "content/articles/Оплата и возврат/kak-otmenit-zakaz.en.md");
    assert!(text.contains("draft: true") && text.contains("Translate"), "English placeholders: {text}");
    let again = run(p, &["new", "article", "Как отменить заказ", "--lang", "en"]);
    assert_eq!(again.status.code(), Some(2), "never overwrites a translation");
    // An English title that is no existing article: a new English article.
    let out = run(p, &["new", "article", "Cancel an order", "--category", "Оплата и возврат", "--lang", "en"]);
    assert!(String::from_utf8_lossy(&out.stdout).trim().ends_with("cancel-an-order.en.md"), "{}", stderr(&out));
    assert!(read(p, "content/articles/Оплата и возврат/cancel-an-order.en.md").contains("## Steps"));
    let b = run(p, &["build", "--now", NOW, "--drafts"]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(p.join("public/en/articles/oplata-i-vozvrat/kak-otmenit-zakaz/index.html").exists());
}

#[test]
fn new_article_asks_for_the_category_or_creates_it() {
    let dir = site("basic");
    let p = dir.path();
    let out = run(p, &["new", "article", "Где мой заказ"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("--category") && err.contains("Оплата и возврат") && err.contains("Tips & Tricks"), "lists the categories: {err}");
    let out = run(p, &["new", "article", "Где мой заказ", "--category", "Заказы и доставка"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).trim().ends_with("content/articles/zakazy-i-dostavka/gde-moi-zakaz.md"));
    let cat = read(p, "content/articles/zakazy-i-dostavka/_category.yaml");
    assert!(cat.contains("ru: \"Заказы и доставка\"") && cat.contains("en: \"Заказы и доставка\""), "{cat}");
    let b = run(p, &["build", "--now", NOW, "--drafts"]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(read(p, "public/articles/zakazy-i-dostavka/index.html").contains("Заказы и доставка"));
    let bad = run(p, &["new", "article", "X", "--lang", "de", "--category", "x"]);
    assert_eq!(bad.status.code(), Some(2));
    let escape = run(p, &["new", "article", "X", "--category", "../../etc"]);
    assert_eq!(escape.status.code(), Some(2), "{}", stderr(&escape));
}

#[test]
fn new_runbook_is_a_draft_and_never_overwrites() {
    let dir = site("basic");
    let p = dir.path();
    let out = run(p, &["new", "runbook", "DB failover", "--category", "ops"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = read(p, "content/runbooks/ops/db-failover.md");
    assert!(text.contains("draft: true") && text.contains("```reply"), "{text}");
    let b = run(p, &["build", "--now", NOW, "--drafts"]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(p.join("internal/runbooks/ops/db-failover/index.html").exists());
    let dup = run(p, &["new", "runbook", "DB failover", "--category", "ops"]);
    assert_eq!(dup.status.code(), Some(2), "never overwrites");
}
