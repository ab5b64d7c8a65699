//! Bad input: each problem gives `error: path:line:col: message` (+ hint), exit 1,
//! and the previous output stays byte-identical. All problems of a run are reported.

mod common;
use common::*;
use std::path::Path;

const ART: &str = "content/articles/Оплата и возврат";

/// Start from the good fixture's build (built once, see `baseline`), break it with
/// `setup`, build again: returns stderr.
fn broken_build(setup: impl FnOnce(&Path)) -> String {
    let good = baseline("basic");
    let dir = good.copy();
    let p = dir.path();
    let before_public = good.snapshot("public");
    let before_internal = good.snapshot("internal");
    setup(p);
    let out = build(p);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit 1 expected; stderr:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(snapshot_dir(&p.join("public")), before_public, "public/ changed after a failed build");
    assert_eq!(snapshot_dir(&p.join("internal")), before_internal, "internal/ changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(p)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    err
}

fn write(p: &Path, rel: &str, bytes: &[u8]) {
    let f = p.join(rel);
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(f, bytes).unwrap();
}

#[test]
fn invalid_yaml_front_matter() {
    let err = broken_build(|p| write(p, &format!("{ART}/bad.md"), b"---\ntitle: ok\ntags: [a, b\nsummary: x\n---\nbody\n"));
    assert!(err.contains(&format!("error: {ART}/bad.md:")), "{err}");
    assert!(err.contains("invalid YAML"), "{err}");
    let line: usize = err.split(&format!("{ART}/bad.md:")).nth(1).unwrap().split(':').next().unwrap().parse().unwrap();
    assert!((3..=5).contains(&line), "line {line} points into the front matter: {err}");
    assert!(err.contains("hint:"));
}

#[test]
fn wrong_type_on_known_key() {
    let err = broken_build(|p| write(p, &format!("{ART}/typed.md"), b"---\ntitle: T\norder:\n  nested: 1\n---\nbody\n"));
    assert!(err.contains(&format!("error: {ART}/typed.md:3:1: `order` must be a whole number, found a mapping")), "{err}");
}

#[test]
fn unknown_site_yaml_key() {
    let err = broken_build(|p| {
        let y = std::fs::read_to_string(p.join("site.yaml")).unwrap();
        std::fs::write(p.join("site.yaml"), format!("{y}langauges: [ru]\n")).unwrap();
    });
    assert!(err.contains("error: site.yaml:9:1: unknown key `langauges`"), "{err}");
    assert!(err.contains("hint: did you mean `languages`?"), "{err}");
}

#[test]
fn duplicate_url_names_both_files() {
    let err = broken_build(|p| write(p, &format!("{ART}/other.md"), b"---\ntitle: Other\nslug: vozvrat-deneg\n---\nx\n"));
    assert!(err.contains("both become /articles/oplata-i-vozvrat/vozvrat-deneg/"), "{err}");
    assert!(err.contains("Возврат денег.md") && err.contains("other.md"), "{err}");
    assert_eq!(err.matches("duplicate").count() + err.matches("both become").count(), 1, "one error for the pair: {err}");
}

#[test]
fn broken_relative_link_with_line_and_case_hint() {
    let err = broken_build(|p| {
        write(p, &format!("{ART}/links.md"), "---\ntitle: L\n---\n\nOK.\n\nSee [x](nope.md) and [y](возврат%20денег.md).\n".as_bytes())
    });
    assert!(err.contains(&format!("error: {ART}/links.md:7:1: link to `nope.md`: no such file")), "{err}");
    assert!(err.contains("letter case differs"), "{err}");
}

/// A link to a page whose own front matter is broken names that, not "no such file".
#[test]
fn link_to_a_file_that_failed_to_load_says_so() {
    let err = broken_build(|p| {
        write(p, &format!("{ART}/broken.md"), b"---\ntitle: [unclosed\n---\nx\n");
        write(p, &format!("{ART}/links.md"), b"---\ntitle: L\n---\n\nSee [b](broken.md).\n");
    });
    assert!(err.contains(&format!("error: {ART}/broken.md:2:8: invalid YAML: `[` is never closed")), "{err}");
    assert!(err.contains(&format!("error: {ART}/links.md:5:1: link to `broken.md`: content/articles/")), "{err}");
    assert!(err.contains("is not a page of the site (a draft, or its own error is reported)"), "{err}");
    assert!(!err.contains("`broken.md`: no such file"), "{err}");
}

#[test]
fn invalid_utf8() {
    let err = broken_build(|p| write(p, &format!("{ART}/cp1251.md"), b"---\ntitle: x\n---\n\xcf\xf0\xe8\xe2\xe5\xf2\n"));
    assert!(err.contains(&format!("error: {ART}/cp1251.md:4:1: the file is not valid UTF-8")), "{err}");
}

#[test]
fn empty_file() {
    let err = broken_build(|p| write(p, &format!("{ART}/empty.md"), b""));
    assert!(err.contains(&format!("error: {ART}/empty.md:1:1: the file is empty")), "{err}");
}

#[test]
fn binary_file_named_md() {
    let err = broken_build(|p| write(p, &format!("{ART}/image.md"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"));
    assert!(err.contains(&format!("error: {ART}/image.md:")) && err.contains("binary file"), "{err}");
}

#[test]
fn unclosed_front_matter_and_toml_error() {
    let err = broken_build(|p| {
        write(p, &format!("{ART}/open.md"), b"---\ntitle: x\nno end\n");
        write(p, &format!("{ART}/toml.md"), b"+++\ntitle = \n+++\nx\n");
    });
    assert!(err.contains(&format!("error: {ART}/open.md:1:1: front matter opened with `---` is never closed")), "{err}");
    assert!(err.contains(&format!("error: {ART}/toml.md:2:")) && err.contains("invalid TOML"), "{err}");
}

#[test]
fn every_problem_reported_sorted_by_path() {
    let err = broken_build(|p| {
        write(p, "content/articles/zz/empty.md", b"");
        write(p, "content/articles/aa/bad.md", b"---\ntitle: [\n---\n");
        write(p, "content/runbooks/ops/link.md", b"[x](missing.md)\n");
        let y = std::fs::read_to_string(p.join("site.yaml")).unwrap();
        std::fs::write(p.join("site.yaml"), format!("{y}timzone: UTC\n")).unwrap();
    });
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 4, "a site.yaml error does not hide content errors: {err}");
    let mut sorted = errors.clone();
    sorted.sort();
    assert_eq!(errors, sorted, "sorted by path");
    assert!(err.contains("4 errors found; nothing was written"));
}

#[test]
fn unknown_related_and_bad_date() {
    let err =
        broken_build(|p| write(p, &format!("{ART}/rel.md"), b"---\ntitle: R\nupdated: someday\nrelated: [no-such-article]\n---\nx\n"));
    assert!(err.contains(&format!("error: {ART}/rel.md:3:1: `updated: someday` is not a date")), "{err}");
    assert!(err.contains(&format!("error: {ART}/rel.md:4:1: `related` names `no-such-article`")), "{err}");
}

#[test]
fn crlf_and_bom_build_fine() {
    let dir = site("basic");
    write(
        dir.path(),
        &format!("{ART}/windows.md"),
        "\u{feff}---\r\ntitle: Windows file\r\nsummary: CRLF\r\n---\r\n\r\n## Part\r\n\r\ntext\r\n".as_bytes(),
    );
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(dir.path(), "public/articles/oplata-i-vozvrat/windows/index.html");
    assert!(html.contains(">Windows file</h1>") && html.contains("id=\"part\""));
}
