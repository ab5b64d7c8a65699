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
    let dir = site("canary");
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
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
    let dir = site("canary");
    assert!(build(dir.path()).status.success());
    let before = snapshot_dir(&dir.path().join("public"));
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
}
