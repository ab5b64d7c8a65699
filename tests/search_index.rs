//! The search index is fed the language of each page by the job that rendered it,
//! not by sniffing the first bytes of the HTML: a theme that puts anything before
//! `<html lang>` still gets its index.

mod common;
use common::*;

#[test]
fn a_theme_with_a_long_preamble_still_gets_a_search_index() {
    let dir = site("basic");
    let p = dir.path();
    let base =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html")).unwrap();
    let preamble = format!("<!-- {} -->\n", "Acme theme, version 2. ".repeat(20));
    std::fs::create_dir_all(p.join("themes/acme/templates")).unwrap();
    std::fs::write(p.join("themes/acme/templates/base.html"), format!("{preamble}{base}")).unwrap();
    let yaml = read(p, "site.yaml");
    std::fs::write(p.join("site.yaml"), format!("{yaml}theme: acme\n")).unwrap();
    let out = run(p, &["build", "--now", NOW]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(p, "public/index.html").starts_with("<!-- Acme theme"), "the theme is used");
    for lang in ["ru", "en"] {
        let entry = read(p, &format!("public/pagefind/{lang}/pagefind-entry.json"));
        let v: serde_json::Value = serde_json::from_str(&entry).unwrap();
        let pages = v["languages"].as_object().unwrap().values().map(|l| l["page_count"].as_u64().unwrap()).sum::<u64>();
        assert!(pages > 0, "{lang}: pages indexed: {entry}");
    }
}
