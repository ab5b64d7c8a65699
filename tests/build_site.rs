//! Builds fixture sites with the real binary and checks key pages.

mod common;
use common::*;

/// The part of a page that is about its content (header/footer are shared).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn builds_fixture_and_snapshots_key_pages() {
    let dir = baseline("basic").copy();
    let p = dir.path();
    insta::assert_snapshot!("home_ru", main_of(&read(p, "public/index.html")));
    insta::assert_snapshot!("category_ru", main_of(&read(p, "public/articles/oplata-i-vozvrat/index.html")));
    insta::assert_snapshot!("article_ru", main_of(&read(p, "public/articles/oplata-i-vozvrat/vozvrat-deneg/index.html")));
    insta::assert_snapshot!("article_en", main_of(&read(p, "public/en/articles/oplata-i-vozvrat/vozvrat-deneg/index.html")));
    insta::assert_snapshot!("runbook", main_of(&read(p, "internal/runbooks/ops/restart/index.html")));
}

#[test]
fn pages_have_language_translations_and_meta() {
    let dir = baseline("basic").copy();
    let p = dir.path();
    let ru = read(p, "public/articles/oplata-i-vozvrat/vozvrat-deneg/index.html");
    assert!(ru.starts_with("<!doctype html>\n<html lang=\"ru\">"));
    assert!(ru.contains("hreflang=\"en\" href=\"https://help.test.example/en/articles/oplata-i-vozvrat/vozvrat-deneg/\""));
    assert!(ru.contains("<time datetime=\"2026-11-02T00:00:00+03:00\">2 ноября 2026</time>"), "localized date");
    assert!(ru.contains("href=\"mailto:help@test.example\""), "contact box");
    let en = read(p, "public/en/articles/oplata-i-vozvrat/vozvrat-deneg/index.html");
    assert!(en.contains("<html lang=\"en\">") && en.contains("November 3, 2026"), "TOML front matter + lastmod alias");
    // Title from the first heading, no front matter; section folders nest in the URL.
    let nested = read(p, "public/articles/tips-tricks/deep-section/nested/index.html");
    assert!(nested.contains("data-pagefind-weight=\"10\">Nested article from a heading</h1>"));
    assert_eq!(nested.matches("Nested article from a heading</h").count(), 1, "leading # title not repeated");
    // _index.md intro on the category page.
    assert!(read(p, "public/articles/tips-tricks/index.html").contains("Intro text for the <strong>tips</strong> category."));
    // Alias redirect, sitemap, robots, feed.
    assert!(read(p, "public/old/refund/index.html").contains("url=/articles/oplata-i-vozvrat/vozvrat-deneg/"));
    let sitemap = read(p, "public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://help.test.example/articles/tips-tricks/rock-n-roll/</loc>"));
    assert!(sitemap.contains("hreflang=\"en\""));
    assert!(read(p, "public/robots.txt").contains("Sitemap: https://help.test.example/sitemap.xml"));
    assert_eq!(read(p, "internal/robots.txt"), "User-agent: *\nDisallow: /\n");
    assert!(read(p, "internal/index.html").contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(!read(p, "public/index.html").contains("noindex"));
    let feed = read(p, "public/articles/feed.atom");
    assert!(feed.contains("<title>Как вернуть деньги</title>"), "{feed}");
    // The internal site has the same URLs (SPEC §2): its feed and sitemap use its own address.
    let internal_feed = read(p, "internal/articles/feed.atom");
    assert!(internal_feed.contains("<title>Как вернуть деньги</title>"), "{internal_feed}");
    assert!(
        internal_feed.contains("https://kb.test.internal/articles/") && !internal_feed.contains("help.test.example"),
        "{internal_feed}"
    );
    let internal_sitemap = read(p, "internal/sitemap.xml");
    assert!(internal_sitemap.contains("<loc>https://kb.test.internal/articles/tips-tricks/rock-n-roll/</loc>"), "{internal_sitemap}");
    // Runbooks only internal; runbook without front matter gets its heading as title.
    assert!(!p.join("public/runbooks").exists());
    assert!(read(p, "internal/runbooks/ops/no-front-matter/index.html").contains(">NoFrontMatterAlert</h1>"));
    assert!(read(p, "internal/runbooks/index.html").contains("Restart the shop"));
}

#[test]
fn reproducible_with_now() {
    // The shared baseline was built in another folder at another moment.
    let b = site("basic");
    let out = build(b.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(baseline("basic").snapshot("public"), snapshot_dir(&b.path().join("public")));
}

#[test]
fn theme_override_by_name() {
    let dir = site("basic");
    let t = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("404.html"), "<!doctype html><title>custom</title><p>CUSTOM-404 {{ site.title }}</p>").unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(read(dir.path(), "public/404.html"), "<!doctype html><title>custom</title><p>CUSTOM-404 Тестовая помощь</p>");
    assert!(read(dir.path(), "public/index.html").contains("<main"), "other templates still come from the embedded theme");
}

#[test]
fn usage_errors_exit_2() {
    let out = bin().args(["build", "--now", "yesterday"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("RFC 3339"));
    assert_eq!(bin().args(["frobnicate"]).output().unwrap().status.code(), Some(2));
}

#[test]
fn demo_site_builds_without_errors() {
    let out_dir = tempfile::tempdir().unwrap();
    let o = build_example(out_dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "demo site has no warnings: {}", stderr(&o));
}

/// The repo's own example site (what `cargo run --release -- serve` shows) is healthy
/// on any day: built at the real time, nothing is open and it has no warnings.
#[test]
fn example_site_of_the_repo_is_healthy_today() {
    let out = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = bin()
        .arg("--root")
        .arg(root)
        .args(["build", "--no-search", "--out"])
        .arg(out.path().join("p"))
        .arg("--internal-out")
        .arg(out.path().join("i"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "example site has no warnings: {}", stderr(&o));
    let summary: serde_json::Value = serde_json::from_str(&read(out.path(), "p/api/v2/summary.json")).unwrap();
    assert_eq!(summary["status"]["indicator"], "none", "{summary}");
    assert_eq!(summary["incidents"].as_array().unwrap().len(), 0, "{summary}");
    let history = read(out.path(), "p/status/history/index.html");
    assert!(history.contains("2026-11-23-card-payments"), "the history has the resolved incidents");
}

/// `_index.md` takes the keys of `_category.yaml`, per-language maps included.
#[test]
fn index_md_title_and_description_per_language() {
    let dir = site("basic");
    let folder = dir.path().join("content/articles/Оплата и возврат");
    std::fs::remove_file(folder.join("_category.yaml")).unwrap();
    std::fs::write(
        folder.join("_index.md"),
        "---\ntitle: {ru: Карты и банки, en: Cards and banks}\ndescription: {ru: Всё о картах, en: All about cards}\n---\n\nВступление к разделу.\n",
    )
    .unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let ru = read(dir.path(), "public/articles/oplata-i-vozvrat/index.html");
    assert!(ru.contains("<h1>Карты и банки</h1>") && ru.contains("Вступление к разделу."), "{ru}");
    let en = read(dir.path(), "public/en/articles/oplata-i-vozvrat/index.html");
    assert!(en.contains("Cards and banks"), "{en}");
}

/// The binary builds Pagefind's index in small chunks (a query fetches fewer bytes),
/// unless PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE says otherwise; a value Pagefind cannot
/// use is warned about.
#[test]
fn search_index_chunks_are_small_unless_the_user_sets_the_size() {
    let chunks = |env: Option<&str>| {
        let out = tempfile::tempdir().unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut cmd = bin();
        if let Some(v) = env {
            cmd.env("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", v);
        }
        let o = cmd
            .arg("--root")
            .arg(root)
            .args(["build", "--now", NOW, "--out"])
            .arg(out.path().join("p"))
            .arg("--internal-out")
            .arg(out.path().join("i"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        (std::fs::read_dir(out.path().join("p/pagefind/ru/index")).unwrap().count(), stderr(&o))
    };
    let (small, _) = chunks(None);
    let (pagefind_default, _) = chunks(Some("20000"));
    assert!(small > pagefind_default, "{small} chunks by default, {pagefind_default} with Pagefind's own size");
    let (_, err) = chunks(Some("big"));
    assert!(err.contains("warning: PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE=\"big\" is not a whole number"), "{err}");
}
