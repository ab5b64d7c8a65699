//! Every output path has exactly one owner, and nothing from outside the site is
//! published: aliases onto real pages and files, static files over generated ones,
//! pages beside folders of the same URL, slugs that collide, names that are not
//! UTF-8, symbolic links out of the site, FIFOs and loops, and `related:` repeats.
//! Each failing case: `path:line` errors naming both sources, exit 1 for `build`
//! and `check`, and the previous output byte-identical.

mod common;

use common::*;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

const ROCK: &str = "content/articles/Tips & Tricks/rock-n-roll.md";
const REFUND: &str = "content/articles/Оплата и возврат/Возврат денег.md";
const PAY: &str = "content/articles/Оплата и возврат";

fn write(root: &Path, rel: impl AsRef<Path>, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn article(title: &str) -> String {
    format!("---\ntitle: {title}\n---\nText of {title}.\n")
}

/// Start from `basic`'s good build (built once, see `baseline`), break it with
/// `setup`, then `build` and `check` must both exit 1 with each of `expected`, and
/// the good build's output must be unchanged. Returns what `build` printed.
fn fails_with(setup: impl FnOnce(&Path), expected: &[&str]) -> (String, tempfile::TempDir) {
    let good = baseline("basic");
    let dir = good.copy();
    let p = dir.path();
    let before = (good.snapshot("public"), good.snapshot("internal"));
    setup(p);
    let mut printed = Vec::new();
    for cmd in ["build", "check"] {
        let o = run(p, &[cmd, "--now", NOW]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{cmd}: exit 1 expected:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        for e in expected {
            assert!(err.contains(e), "{cmd}: no {e:?} in\n{err}");
        }
        printed.push(err);
    }
    assert_eq!((snapshot_dir(&p.join("public")), snapshot_dir(&p.join("internal"))), before, "output changed after a failed build");
    (printed.swap_remove(0), dir)
}

#[test]
fn aliases_onto_pages_and_files_are_errors_naming_both() {
    let aliases = "/status/, /search/, /, /en/, /articles/oplata-i-vozvrat/, /articles/oplata-i-vozvrat/vozvrat-deneg/, \
                   /en/articles/oplata-i-vozvrat/vozvrat-deneg/, /assets/search.js, /sitemap.xml, /api/v2/status.json, /404.html";
    let at = format!("error: {ROCK}:8:1: the alias");
    let (err, _d) = fails_with(
        |p| replace(p, ROCK, "last_reviewed: 2026-01-01\n", &format!("last_reviewed: 2026-01-01\naliases: [{aliases}]\n")),
        &[
            &format!("{at} `/status/` and frontline itself (a page or file every site has) both write `status/index.html`"),
            &format!("{at} `/search/` and frontline itself (a page or file every site has) both write `search/index.html`"),
            &format!("{at} `/` and frontline itself (a page or file every site has) both write `index.html`"),
            &format!("{at} `/en/` and frontline itself (a page or file every site has) both write `en/index.html`"),
            &format!("{at} `/404.html` and frontline itself (a page or file every site has) both write `404.html`"),
            &format!("{at} `/articles/oplata-i-vozvrat/` and the page of the folder `{PAY}/` both write `articles/oplata-i-vozvrat/index.html`"),
            &format!("{at} `/articles/oplata-i-vozvrat/vozvrat-deneg/` and the page of `{REFUND}:1` both write"),
            &format!("{at} `/en/articles/oplata-i-vozvrat/vozvrat-deneg/` and the page of `{PAY}/Возврат денег.en.md:1` both write"),
            &format!("{at} `/assets/search.js` writes `assets/search.js/index.html`, which needs a folder `assets/search.js`, but the built-in theme's `static/search.js` writes a file there"),
            &format!("{at} `/sitemap.xml` writes `sitemap.xml/index.html`, which needs a folder `sitemap.xml`, but frontline itself"),
            &format!("{at} `/api/v2/status.json` writes `api/v2/status.json/index.html`, which needs a folder `api/v2/status.json`"),
            "hint: an alias must be an old URL that no page, file or other alias of this site uses: remove or change it",
        ],
    );
    // Public and internal both have these files: each clash is reported once.
    assert!(err.contains("11 errors found"), "{err}");
}

#[test]
fn one_alias_in_many_articles_is_an_error_for_each_the_same_every_time() {
    let dir = site("basic");
    let p = dir.path();
    for i in 0..1000 {
        write(p, format!("content/articles/Many/a{i:04}.md"), &format!("---\ntitle: A{i}\naliases: [/same/]\n---\nx\n"));
    }
    let runs: Vec<String> = (0..2)
        .map(|_| build(p))
        .map(|o| (o.status.code(), stderr(&o)))
        .map(|(c, e)| {
            assert_eq!(c, Some(1), "{e}");
            e
        })
        .collect();
    assert_eq!(runs[0], runs[1], "the same errors in the same order on every build");
    let err = &runs[0];
    assert!(err.contains("999 errors found"), "{}", &err[err.len().saturating_sub(300)..]);
    assert!(err.contains("error: content/articles/Many/a0999.md:3:1: the alias `/same/` and the alias `/same/` in `content/articles/Many/a0000.md:3` both write `same/index.html`"), "{err}");
    assert!(!err.contains("a0000.md:3:1:"), "the first owner keeps the path: {err}");
    assert!(!p.join("public").exists());
}

#[test]
fn static_files_cannot_replace_generated_ones() {
    let here = "this static file and";
    fails_with(
        |p| {
            write(p, "static/status/index.html", "mine");
            write(p, "static/sitemap.xml", "mine");
            write(p, "static/articles/oplata-i-vozvrat/index.html", "mine");
            write(p, "static/assets/style.css", "mine");
            write(p, "static/robots.txt/x", "mine");
            write(p, "static/fine/file.txt", "kept");
        },
        &[
            &format!("error: static/status/index.html:1:1: {here} frontline itself (a page or file every site has) both write `status/index.html`"),
            &format!("error: static/sitemap.xml:1:1: {here} frontline itself"),
            &format!("error: static/articles/oplata-i-vozvrat/index.html:1:1: {here} the page of the folder `{PAY}/` both write"),
            &format!("error: static/assets/style.css:1:1: {here} the built-in theme's `static/style.css` both write `assets/style.css`"),
            "error: static/robots.txt/x:1:1: this static file writes `robots.txt/x`, which needs a folder `robots.txt`, but frontline itself",
            "hint: rename or remove the static file: static/ adds files, it cannot replace frontline's pages and files (a theme file is replaced from themes/<name>/static/)",
        ],
    );
}

#[test]
fn a_page_beside_a_folder_of_its_url_is_an_error_naming_both() {
    fails_with(
        |p| {
            write(p, "content/articles/payments.md", &article("Payments page"));
            write(p, "content/articles/payments/in.md", &article("Inside"));
            write(p, format!("{PAY}/Возврат денег/section.md"), &article("In the section"));
            write(p, "content/articles/Tips-Tricks/other.md", &article("Other tips"));
        },
        &[
            "error: content/articles/payments.md:1:1: the folder `content/articles/payments/` and `content/articles/payments.md:1` both become /articles/payments/",
            &format!("error: {REFUND}:1:1: the folder `{PAY}/Возврат денег/` and `{REFUND}:1` both become /articles/oplata-i-vozvrat/vozvrat-deneg/"),
            "error: content/articles/Tips-Tricks:1:1: the folder `content/articles/Tips & Tricks/` and the folder `content/articles/Tips-Tricks/` both become /articles/tips-tricks/",
            "hint: rename the file or the folder: a folder's page is at the folder's URL",
        ],
    );
}

#[test]
fn slugs_that_collide_are_errors_naming_both_with_the_slug_line() {
    fails_with(
        |p| {
            write(p, format!("{PAY}/Refund.md"), &article("R1"));
            write(p, format!("{PAY}/refund.md"), &article("R2"));
            write(p, format!("{PAY}/a b.md"), &article("AB1"));
            write(p, format!("{PAY}/a-b.md"), &article("AB2"));
            write(p, format!("{PAY}/zz.md"), "---\ntitle: Z\nslug: refund\n---\nx\n");
            write(p, format!("{PAY}/en.md"), "---\ntitle: E\nlang: en\nslug: vozvrat-deneg\n---\nx\n");
            write(p, "content/runbooks/ops/Restart.md", "# Restart again\n");
        },
        &[
            &format!("error: {PAY}/refund.md:1:1: `{PAY}/Refund.md:1` and `{PAY}/refund.md:1` both become /articles/oplata-i-vozvrat/refund/"),
            &format!("error: {PAY}/a-b.md:1:1: `{PAY}/a b.md:1` and `{PAY}/a-b.md:1` both become /articles/oplata-i-vozvrat/a-b/"),
            &format!("error: {PAY}/zz.md:3:1: `{PAY}/Refund.md:1` and `{PAY}/zz.md:3` both become /articles/oplata-i-vozvrat/refund/"),
            &format!("error: {PAY}/en.md:4:1: `{PAY}/Возврат денег.en.md:1` and `{PAY}/en.md:4` both become /en/articles/oplata-i-vozvrat/vozvrat-deneg/"),
            "error: content/runbooks/ops/restart.md:1:1: `content/runbooks/ops/Restart.md:1` and `content/runbooks/ops/restart.md:1` both become /runbooks/ops/restart/",
        ],
    );
}

#[test]
fn names_that_are_not_utf8_are_errors_each_named() {
    let name = |dir: &str, bytes: &[u8]| Path::new(dir).join(std::ffi::OsStr::from_bytes(bytes));
    let (err, _d) = fails_with(
        |p| {
            write(p, name(PAY, b"x\xff.md"), &article("A"));
            write(p, name(PAY, b"x\xfe.md"), &article("B"));
            write(p, name("content/articles", b"dir\xff").join("in.md"), &article("C"));
            let inc = "---\ntitle: Down\nimpact: minor\nstarted: 2026-11-20T10:00:00+03:00\n---\nx\n";
            write(p, name("content/incidents", b"2026-11-20-a\xff.md"), inc);
            write(p, name("content/incidents", b"2026-11-20-a\xfe.md"), inc);
            write(p, name("static", b"f\xff.txt"), "1");
            write(p, name("static", b"f\xfe.txt"), "2");
        },
        &[
            &format!("error: {PAY}/x\\xFE.md:1:1: the name is not valid UTF-8"),
            &format!("error: {PAY}/x\\xFF.md:1:1: the name is not valid UTF-8"),
            "error: content/articles/dir\\xFF:1:1: the name is not valid UTF-8",
            "error: content/incidents/2026-11-20-a\\xFE.md:1:1: the name is not valid UTF-8",
            "error: content/incidents/2026-11-20-a\\xFF.md:1:1: the name is not valid UTF-8",
            "error: static/f\\xFE.txt:1:1: the name is not valid UTF-8",
            "error: static/f\\xFF.txt:1:1: the name is not valid UTF-8",
            "hint: rename it in UTF-8",
        ],
    );
    assert!(err.contains("7 errors found"), "{err}");
}

#[test]
fn two_incidents_of_one_name_in_two_folders_are_an_error() {
    let inc = "---\ntitle: Down\nimpact: minor\nstarted: 2026-11-20T10:00:00+03:00\n---\nx\n";
    fails_with(
        |p| {
            write(p, "content/incidents/2026-11-20-down.md", inc);
            write(p, "content/incidents/2026/2026-11-20-down.md", inc);
        },
        &[
            "error: content/incidents/2026-11-20-down.md:1:1: `content/incidents/2026/2026-11-20-down.md:1` and `content/incidents/2026-11-20-down.md:1` are both incident `2026-11-20-down` (/status/incidents/2026-11-20-down/)",
            "hint: rename one file",
        ],
    );
}

/// Every file under both outputs, as text.
fn all_output(root: &Path) -> String {
    let mut s = String::new();
    for out in ["public", "internal"] {
        for (path, bytes) in snapshot_dir(&root.join(out)) {
            s.push_str(&format!("{out}/{}\n{}\n", path.display(), String::from_utf8_lossy(&bytes)));
        }
    }
    s
}

#[test]
fn links_outside_the_site_are_skipped_with_a_warning_and_links_inside_work() {
    let outside = tempfile::tempdir().unwrap();
    let o = outside.path();
    write(o, "passwd", "root:x:0:0:OUTSIDE-SECRET-1\n");
    write(o, "dir/key.txt", "OUTSIDE-SECRET-2\n");
    write(o, "leak.md", "---\ntitle: Leak\n---\nOUTSIDE-SECRET-3\n");
    write(o, "base.html", "OUTSIDE-SECRET-4 {{ title }}\n");
    let dir = site("basic");
    let p = dir.path();
    let link = |target: &Path, rel: &str| {
        std::fs::create_dir_all(p.join(rel).parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, p.join(rel)).unwrap();
    };
    link(&o.join("passwd"), "static/passwd");
    link(&o.join("dir"), "static/outdir");
    link(&o.join("passwd"), "themes/default/static/p.css");
    link(&o.join("base.html"), "themes/default/templates/base.html");
    link(&o.join("leak.md"), "content/articles/Tips & Tricks/leak.md");
    link(&o.join("leak.md"), "content/runbooks/ops/leak.md");
    // Links that stay inside the site keep working.
    write(p, "brand/logo.svg", "<svg>logo</svg>");
    write(p, "shared/shared.md", &article("Shared article"));
    link(Path::new("../brand/logo.svg"), "static/logo.svg");
    link(Path::new("../../../shared/shared.md"), "content/articles/Tips & Tricks/shared.md");
    let out = build(p);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for l in [
        "static/passwd",
        "static/outdir",
        "themes/default/static/p.css",
        "themes/default/templates/base.html",
        "content/runbooks/ops/leak.md",
    ] {
        assert!(err.contains(&format!("warning: {l}:1:1: symbolic link to {}", o.canonicalize().unwrap().display())), "{l}: {err}");
    }
    assert!(err.contains("warning: content/articles/Tips & Tricks/leak.md:1:1: symbolic link to"), "{err}");
    assert!(err.contains("points outside the site folder; skipped"), "{err}");
    assert!(err.contains("hint: frontline reads only files inside the site folder"), "{err}");
    let all = all_output(p);
    assert!(!all.contains("OUTSIDE-SECRET"), "a file from outside the site was published");
    assert_eq!(read(p, "public/logo.svg"), "<svg>logo</svg>");
    assert!(read(p, "public/articles/tips-tricks/shared/index.html").contains("Text of Shared article."));
    // `check` says the same.
    let o = run(p, &["check", "--now", NOW]);
    assert!(o.status.success() && stderr(&o).contains("warning: static/passwd:1:1: symbolic link"), "{}", stderr(&o));
}

/// Run `args` with a deadline: a hang is a failure, not a stuck test.
fn run_bounded(root: &Path, args: &[&str]) -> std::process::Output {
    let mut child =
        bin().arg("--root").arg(root).args(args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("{args:?} hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn fifos_are_skipped_with_a_warning_and_link_loops_are_errors() {
    let dir = site("basic");
    let p = dir.path();
    std::fs::create_dir_all(p.join("themes/default/templates")).unwrap();
    std::fs::create_dir_all(p.join("static")).unwrap();
    for fifo in ["content/articles/Tips & Tricks/pipe.md", "themes/default/templates/pipe.html", "static/pipe.txt"] {
        assert!(std::process::Command::new("mkfifo").arg(p.join(fifo)).status().unwrap().success());
    }
    let out = run_bounded(p, &["build", "--now", NOW]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for fifo in ["content/articles/Tips & Tricks/pipe.md", "themes/default/templates/pipe.html", "static/pipe.txt"] {
        assert!(err.contains(&format!("warning: {fifo}:1:1: is not a regular file (a FIFO, socket or device); skipped")), "{err}");
    }
    // A link back to the site root from static/ would copy the whole site (content,
    // the internal output) into it before the walk saw the loop.
    std::os::unix::fs::symlink("..", p.join("static/site")).unwrap();
    std::os::unix::fs::symlink(".", p.join("themes/default/templates/self")).unwrap();
    let before = snapshot_dir(&p.join("public"));
    let out = run_bounded(p, &["build", "--now", NOW]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error: static/site:1:1: symbolic link loop: this link points back to"), "{err}");
    assert!(err.contains("error: themes/default/templates/self:1:1: symbolic link loop"), "{err}");
    assert_eq!(snapshot_dir(&p.join("public")), before);
}

#[test]
fn related_repeats_and_self_references_are_dropped_with_warnings() {
    let dir = site("basic");
    let p = dir.path();
    replace(
        p,
        REFUND,
        "related: [tips-tricks/rock-n-roll]\n",
        "related:\n  - tips-tricks/rock-n-roll\n  - vozvrat-deneg\n  - rock-n-roll\n  - tips-tricks/rock-n-roll\n",
    );
    let out = build(p);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for w in [
        format!("warning: {REFUND}:9:1: `related` names `vozvrat-deneg`, this article itself; it is left out"),
        format!("warning: {REFUND}:10:1: `related` names `rock-n-roll` again (as `tips-tricks/rock-n-roll`); it is listed once"),
        format!("warning: {REFUND}:11:1: `related` names `tips-tricks/rock-n-roll` twice; it is listed once"),
    ] {
        assert!(err.contains(&w), "no {w:?} in\n{err}");
    }
    let page = read(p, "public/articles/oplata-i-vozvrat/vozvrat-deneg/index.html");
    let related = &page[page.find("class=\"related").expect("a related list")..];
    let related = &related[..related.find("</section>").unwrap()];
    assert_eq!(related.matches("href=\"/articles/tips-tricks/rock-n-roll/\"").count(), 1, "{related}");
    assert!(!related.contains("href=\"/articles/oplata-i-vozvrat/vozvrat-deneg/\""), "{related}");
}
