//! Nothing internal may appear in any byte of any file under public/.

mod common;
use common::*;

const MARKERS: &[&str] = &[
    "CANARY-INTERNAL-BLOCK-7f3a",
    "CANARY-REPLY-BLOCK-91bd",
    "CANARY-INTERNAL-RU-BLOCK-0c2e",
    "CANARY-INTERNAL-TITLE-55e1",
    "CANARY-INTERNAL-SUMMARY-a9d0",
    "CANARY-INTERNAL-TAG-3b7c",
    "canary-alias-path-d4e2",
    "CANARY-INTERNAL-ARTICLE-BODY-2c8f",
    "CANARY-RUNBOOK-TITLE-6e0b",
    "CANARY-RUNBOOK-OWNER-1f9a",
    "CANARY-ESCALATION-8d3c",
    "CANARY-RUNBOOK-BODY-4a7e",
    "CANARY-RUNBOOK-REPLY-b2f1",
    // Owners are shown to operators only.
    "CANARY-ARTICLE-OWNER-7d1e",
    // URLs of internal-only pages must not be linked either.
    "/articles/help/secret-process/",
    "/runbooks/",
];

#[test]
fn no_internal_marker_in_any_public_byte() {
    let dir = baseline("canary").copy();
    let public = snapshot_dir(&dir.path().join("public"));
    assert!(public.len() > 5);
    for (path, bytes) in &public {
        let text = String::from_utf8_lossy(bytes);
        for m in MARKERS {
            assert!(!text.contains(m), "{m} leaked into public/{}", path.display());
        }
        assert!(
            !path.to_string_lossy().contains("secret-process") && !path.to_string_lossy().contains("canary-alias"),
            "internal page file public/{}",
            path.display()
        );
    }
    assert!(public.iter().any(|(_, b)| String::from_utf8_lossy(b).contains("PUBLIC-MARKER-OK")), "public text is there");
    // The public page keeps the link text but not the link to the internal page.
    let page = read(dir.path(), "public/articles/help/public-page/index.html");
    assert!(page.contains("See the internal process for staff."), "link text kept without href");

    // Every marker is on the internal site.
    let internal: String = snapshot_dir(&dir.path().join("internal"))
        .iter()
        .map(|(p, b)| format!("{}\n{}", p.display(), String::from_utf8_lossy(b)))
        .collect();
    for m in MARKERS {
        assert!(internal.contains(m), "{m} missing from internal/");
    }
}

#[test]
fn template_printing_internal_data_fails_the_build() {
    let good = baseline("canary");
    let dir = good.copy();
    let before = good.snapshot("public");
    let t = dir.path().join("themes/default/templates/partials");
    std::fs::create_dir_all(&t).unwrap();
    // A careless override: prints the owner on every page, public ones included.
    std::fs::write(t.join("contact.html"), "{% if page is defined %}<p>Owner: {{ page.owner }}</p>{% endif %}").unwrap();
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error: public/articles/help/public-page/index.html:1:1: internal-only text reached the public site"), "{err}");
    assert!(err.contains("CANARY-ARTICLE-OWNER-7d1e"), "{err}");
    assert_eq!(snapshot_dir(&dir.path().join("public")), before, "public/ untouched after the failed build");
    // `check` generates the same pages (writing nothing) and finds the same leak.
    let out = run(dir.path(), &["check", "--now", NOW]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("internal-only text reached the public site"), "{}", stderr(&out));
    assert_eq!(snapshot_dir(&dir.path().join("public")), before, "check writes nothing");
}

/// The internal site's search reuses the public index files as they are and adds a
/// small index of only the pages whose searchable part differs from the public page
/// (articles with internal notes, internal articles, runbooks), merged by the UI.
#[test]
fn internal_search_adds_only_the_pages_that_differ() {
    let dir = site("canary");
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let fragments = |rel: &str| std::fs::read_dir(dir.path().join(rel)).map(|d| d.count()).unwrap_or(0);
    // Public: the one public article in each language.
    assert_eq!(fragments("public/pagefind/en/fragment"), 1);
    assert_eq!(fragments("public/pagefind/ru/fragment"), 1);
    // Internal extra: public-page (internal notes), secret-process, the runbook; in
    // Russian the translation with its internal note.
    assert_eq!(fragments("internal/pagefind-internal/en/fragment"), 3);
    assert_eq!(fragments("internal/pagefind-internal/ru/fragment"), 1);
    assert_eq!(snapshot_dir(&dir.path().join("public/pagefind")), snapshot_dir(&dir.path().join("internal/pagefind")));
    let config = read(dir.path(), "internal/search/config.json");
    assert!(config.contains("\"extra_bundle\":\"/pagefind-internal/en/\"") && config.contains("/pagefind-internal/ru/"), "{config}");
    assert!(!read(dir.path(), "public/search/config.json").contains("extra_bundle"));

    // A rebuild keeps unchanged files as they were (same inode and mtime: deploy
    // tools skip them) and replaces changed ones.
    use std::os::unix::fs::MetadataExt;
    let ino = |rel: &str| std::fs::metadata(dir.path().join(rel)).unwrap().ino();
    let (home, page) = (ino("public/index.html"), ino("public/articles/help/public-page/index.html"));
    let md = dir.path().join("content/articles/help/public-page.md");
    let text = std::fs::read_to_string(&md).unwrap().replace("Visible text", "Changed visible text");
    std::fs::write(&md, text).unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ino("public/index.html"), home, "unchanged page kept");
    assert_ne!(ino("public/articles/help/public-page/index.html"), page, "changed page rewritten");
    assert!(read(dir.path(), "public/articles/help/public-page/index.html").contains("Changed visible text"));
}
