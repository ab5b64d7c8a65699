//! Bad input, continued: every error kind the loaders emit (many files broken at
//! once, each reported with path:line), and what real folders contain — a 10 MB
//! article, symlink loops, broken links, unreadable files, a folder named like a
//! file, CRLF/BOM/NUL in every file kind, 10,000 files in one folder.
//! Each failing case: exit 1, no panic, previous output byte-identical.

mod common;
use common::*;
use std::path::Path;

const ART: &str = "content/articles/Оплата и возврат";

fn write(p: &Path, rel: &str, bytes: &[u8]) {
    let f = p.join(rel);
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(f, bytes).unwrap();
}

/// Start from the good `basic` fixture's build (built once, see `baseline`), break
/// it, build again: (stderr, site dir).
fn broken(setup: impl FnOnce(&Path)) -> (String, tempfile::TempDir) {
    let good = baseline("basic");
    let dir = good.copy();
    let p = dir.path();
    let before = (good.snapshot("public"), good.snapshot("internal"));
    setup(p);
    let out = build(p);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "exit 1 expected; stderr:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!((snapshot_dir(&p.join("public")), snapshot_dir(&p.join("internal"))), before, "output changed after a failed build");
    (err, dir)
}

fn assert_has(err: &str, lines: &[&str]) {
    for l in lines {
        assert!(err.contains(l), "missing `{l}` in:\n{err}");
    }
}

#[test]
fn every_content_error_kind_in_one_run() {
    let (err, _d) = broken(|p| {
        write(p, &format!("{ART}/aud.md"), b"---\ntitle: A\naudience: secret\nupdated: 2026-13-45\norder: [1]\n---\nx\n");
        write(p, &format!("{ART}/toml.md"), b"+++\ntitle = \"T\"\ntags = {a = 1}\n+++\nx\n");
        write(p, &format!("{ART}/dup.md"), b"---\ntitle: A\ntitle: B\n---\nx\n");
        write(
            p,
            "content/incidents/2026-11-20-x.md",
            b"---\nimpact: huge\nkind: outage\nupdates:\n  - status: investigating\n    message: m\n  - at: 2026-11-20T10:00:00+03:00\n    status: exploding\n    message: m\n    components: {nope: major_outage}\n---\nbody\n",
        );
        write(
            p,
            "content/incidents/2026-11-21-m.md",
            b"---\ntitle: M\nkind: maintenance\nscheduled_start: 2026-11-20T10:00:00+03:00\nscheduled_end: 2026-11-20T09:00:00+03:00\nstarted: 2026-11-20T10:00:00+03:00\nresolved: true\n---\n",
        );
        write(p, "content/incidents/2026-11-22-w.md", b"---\ntitle: W\nkind: maintenance\n---\n");
        write(p, "content/incidents/2026-11-22-u.md", b"---\ntitle: U\nstarted: 2026-11-22T10:00:00+03:00\nupdates: soon\n---\n");
        write(p, "content/runbooks/ops/esc.md", b"---\nowner: x\nescalation: oops\nreview_every: soon\n---\nrb\n");
        // Lines came from searching the file for the text (`card` is on line 2 too,
        // and the comment hid the entry): now from the parse.
        write(
            p,
            &format!("{ART}/rel.md"),
            "---\ntitle: Why my card is declined\nrelated:\n  - card # renamed last year\n---\nx\n".as_bytes(),
        );
        // A wrong type on an incident key was dropped silently (published as not a draft).
        write(
            p,
            "content/incidents/2026-11-23-d.md",
            b"---\ntitle: D\nstarted: 2026-11-23T10:00:00+03:00\ndraft: maybe\narticles:\n  - D\n  - nope\n---\n",
        );
    });
    assert_has(
        &err,
        &[
            &format!("error: {ART}/aud.md:3:1: `audience: secret` is unknown"),
            &format!("error: {ART}/aud.md:4:1: `updated: 2026-13-45` is not a date"),
            &format!("error: {ART}/aud.md:5:1: `order` must be a whole number, found a list"),
            &format!("error: {ART}/toml.md:3:1: `tags` must be a list"),
            &format!("error: {ART}/dup.md:3:1: invalid YAML: `title` is given twice"),
            "error: content/incidents/2026-11-20-x.md:1:1: the incident has no `title`",
            "error: content/incidents/2026-11-20-x.md:1:1: the incident has no `started` time",
            "error: content/incidents/2026-11-20-x.md:2:1: unknown impact `huge`",
            "error: content/incidents/2026-11-20-x.md:3:1: `kind: outage` is unknown",
            "error: content/incidents/2026-11-20-x.md:5:1: this update has no `at:` time",
            "error: content/incidents/2026-11-20-x.md:7:1: unknown update status `exploding`",
            "error: content/incidents/2026-11-20-x.md:10:1: unknown component `nope`",
            "error: content/incidents/2026-11-21-m.md:5:1: `scheduled_end` is not after `scheduled_start`",
            "error: content/incidents/2026-11-21-m.md:7:1: `resolved: true` without `resolvedWhen`",
            "error: content/incidents/2026-11-22-w.md:3:1: maintenance needs `scheduled_start` and `scheduled_end`",
            "error: content/incidents/2026-11-22-u.md:4:1: `updates` must be a list, found a string",
            "error: content/runbooks/ops/esc.md:3:1: `escalation` must be a list, found a string",
            "error: content/runbooks/ops/esc.md:4:1: `review_every: soon` is not a period",
            &format!("error: {ART}/rel.md:4:1: `related` names `card`"),
            "error: content/incidents/2026-11-23-d.md:4:1: `draft` must be true or false, found a string",
            "error: content/incidents/2026-11-23-d.md:6:1: `articles` names `D`",
            "error: content/incidents/2026-11-23-d.md:7:1: `articles` names `nope`",
        ],
    );
    // Every error carries a hint or is self-explanatory; count them all.
    let n = err.lines().filter(|l| l.starts_with("error: ")).count();
    assert!(err.contains(&format!("{n} errors found; nothing was written")), "{err}");
    assert!(n >= 21, "{n} errors:\n{err}");
}

#[test]
fn every_site_yaml_error_kind_in_one_run() {
    let (err, _d) = broken(|p| {
        let y = std::fs::read_to_string(p.join("site.yaml")).unwrap();
        let y: String =
            y.lines().filter(|l| !l.starts_with("timezone:") && !l.starts_with("review_every:")).map(|l| format!("{l}\n")).collect();
        let y = y.replace("languages: [ru, en]", "languages: [ru, english]");
        let extra = "timezone: Mars/Olympus\ntheme: fancy\nstatus:\n  uptime_days: lots\n  components:\n    - {id: api, name: API}\n    - {name: No id}\nsearch:\n  synonyms: refund\nfeedback:\n  endpoint: 42\nwebhooks: []\nreview_every: often\n";
        std::fs::write(p.join("site.yaml"), format!("{y}{extra}")).unwrap();
    });
    let y = |needle: &str| format!("error: site.yaml:{needle}");
    assert_has(
        &err,
        &[
            &y("5:1: `english` is not a language code"),
            &y("7:1: unknown time zone `Mars/Olympus`"),
            &y("8:1: theme `fancy` not found at themes/fancy/"),
            &y("10:1: `uptime_days` must be a number of days"),
            &y("13:1: a status component has no `id`"),
            &y("15:1: `synonyms` must be a list of lists"),
            &y("17:1: `endpoint: 42` is not a URL"),
            &y("18:1: unknown key `webhooks`"),
            &y("19:1: `review_every: often` is not a period"),
        ],
    );
}

#[test]
fn ten_megabyte_article_builds() {
    let dir = site("basic");
    let para = "Возврат денег по карте занимает до 10 дней, see [refund](Возврат%20денег.md), `code` and **bold** text.\n\n";
    let mut body = String::from("---\ntitle: Huge\n---\n");
    let mut i = 0;
    while body.len() < 10 << 20 {
        body.push_str(&format!("## Раздел {i}\n\n{}", para.repeat(8)));
        i += 1;
    }
    write(dir.path(), &format!("{ART}/huge.md"), body.as_bytes());
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(dir.path(), "public/articles/oplata-i-vozvrat/huge/index.html");
    assert!(html.len() > 10 << 20 && html.contains(&format!("id=\"razdel-{}\"", i - 1)), "all {i} sections rendered");
}

#[test]
fn symlink_loop_is_an_error_naming_the_link() {
    let (err, _d) = broken(|p| {
        std::fs::create_dir_all(p.join("content/articles/loop")).unwrap();
        std::os::unix::fs::symlink("..", p.join("content/articles/loop/up")).unwrap();
    });
    assert_has(&err, &["error: content/articles/loop/up:1:1: symbolic link loop", "hint: remove the link"]);
}

#[test]
fn broken_symlink_is_an_error() {
    let (err, _d) = broken(|p| std::os::unix::fs::symlink("/nonexistent/x.md", p.join(ART).join("gone.md")).unwrap());
    assert_has(&err, &[&format!("error: {ART}/gone.md:1:1: broken symbolic link"), "hint: remove the link or restore"]);
}

#[test]
fn unreadable_file_is_an_error() {
    let probe = tempfile::tempdir().unwrap();
    let locked = probe.path().join("locked");
    std::fs::write(&locked, "x").unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop us, and the files whose read fails
        // for everyone (/proc/self/mem at offset 0 is EIO) are outside the site, which
        // is never read: a link to one is skipped with a warning (tests/safety_paths.rs).
        let dir = site("basic");
        std::os::unix::fs::symlink("/proc/self/mem", dir.path().join(ART).join("locked.md")).unwrap();
        let out = build(dir.path());
        let err = stderr(&out);
        assert!(out.status.success(), "{err}");
        assert_has(&err, &[&format!("warning: {ART}/locked.md:1:1: symbolic link to /proc/"), "points outside the site folder; skipped"]);
        return;
    }
    let (err, _d) = broken(|p| {
        let f = p.join(ART).join("locked.md");
        std::fs::write(&f, "---\ntitle: Locked\n---\nx\n").unwrap();
        std::fs::set_permissions(&f, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    });
    assert_has(&err, &[&format!("error: {ART}/locked.md:1:1: cannot read the file"), "hint: check that the file is readable"]);
}

#[test]
fn folder_named_like_a_file_is_a_section() {
    let dir = site("basic");
    write(dir.path(), &format!("{ART}/folder.md/inside.md"), b"---\ntitle: Inside\n---\nx\n");
    std::fs::create_dir_all(dir.path().join("content/articles/Tips & Tricks/_category.yaml")).unwrap();
    std::fs::create_dir_all(dir.path().join("content/incidents/2026-11-20-dir.md")).unwrap();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    read(dir.path(), "public/articles/oplata-i-vozvrat/folder-md/inside/index.html");
}

#[test]
fn crlf_bom_everywhere() {
    let dir = site("status");
    let p = dir.path();
    let crlf = |rel: &str| {
        let t = std::fs::read_to_string(p.join(rel)).unwrap();
        std::fs::write(p.join(rel), format!("\u{feff}{}", t.replace('\n', "\r\n"))).unwrap();
    };
    crlf("site.yaml");
    for e in walkdir::WalkDir::new(p.join("content")).into_iter().map(|e| e.unwrap()).filter(|e| e.file_type().is_file()) {
        let rel = e.path().strip_prefix(p).unwrap().to_string_lossy().into_owned();
        crlf(&rel);
    }
    let out = build(p);
    assert!(out.status.success(), "{}", stderr(&out));
    let plain = baseline("status");
    for rel in ["public/api/v2/summary.json", "public/status/index.html", "public/status/feed.atom"] {
        let a = read(p, rel).replace('\r', "");
        let b = plain.text(rel).replace('\r', "");
        assert_eq!(a, b, "{rel} differs between CRLF+BOM and LF sources");
    }
}

#[test]
fn nul_bytes_in_every_kind_are_errors() {
    let (err, _d) = broken(|p| {
        write(p, &format!("{ART}/nul.md"), b"---\ntitle: x\n---\nline\nmid\x00dle\n");
        write(p, "content/incidents/2026-11-20-nul.md", b"---\ntitle: x\x00\n---\n");
        write(p, "content/runbooks/ops/nul.md", b"\x00");
        write(p, &format!("{ART}/_index.md"), b"---\ntitle: x\n---\n\x00");
    });
    assert_has(
        &err,
        &[
            &format!("error: {ART}/nul.md:5:4: this looks like a binary file"),
            "error: content/incidents/2026-11-20-nul.md:2:9: this looks like a binary file",
            "error: content/runbooks/ops/nul.md:1:1: this looks like a binary file",
            &format!("error: {ART}/_index.md:4:1: this looks like a binary file"),
        ],
    );
}

#[test]
fn nul_byte_in_site_yaml_is_an_error() {
    let (err, _d) = broken(|p| {
        let y = std::fs::read_to_string(p.join("site.yaml")).unwrap();
        std::fs::write(p.join("site.yaml"), format!("{y}x: \x00\n")).unwrap();
    });
    assert!(err.contains("error: site.yaml:"), "{err}");
}

#[test]
fn ten_thousand_files_in_one_folder() {
    let dir = site("basic");
    let many = dir.path().join("content/articles/many");
    std::fs::create_dir_all(&many).unwrap();
    for i in 0..10_000 {
        std::fs::write(many.join(format!("a{i:05}.md")), format!("---\ntitle: Article {i}\n---\nText {i}.\n")).unwrap();
    }
    let out = run(dir.path(), &["build", "--now", NOW, "--no-search"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let n = std::fs::read_dir(dir.path().join("public/articles/many")).unwrap().count();
    assert_eq!(n, 10_001, "10,000 article folders + the category page");
    let list = read(dir.path(), "public/articles/many/index.html");
    assert!(list.contains("Article 0<") && list.contains("Article 9999<"), "the category lists them all");
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    let dir = site("basic");
    let p = dir.path().to_str().unwrap();
    let missing = format!("{p}/no-such-site");
    let cases: &[(&[&str], &str)] = &[
        (&["--root", &missing, "build"], "no such folder"),
        (&["--root", &missing, "check"], "no such folder"),
        (&["--root", p, "build", "--base-url", "help.example"], "not an http(s) URL"),
        (&["--root", p, "build", "--now", "2026-11-20 10:00"], "RFC 3339"),
        (&["--root", p, "check", "--format", "xml"], "possible values: text, json"),
        (&["--root", p, "new", "article", "X", "--lang", "xx"], "language `xx`"),
        (&["--root", p, "new", "article", ""], "the title is empty"),
        (&["--root", p, "serve", "--port", "http"], "invalid value"),
        (&["--root", p, "frobnicate"], "unrecognized subcommand"),
    ];
    for (args, needle) in cases {
        let o = bin().args(*args).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: expected {needle:?} in:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert!(!Path::new(&missing).exists(), "a missing --root is never created");
}
