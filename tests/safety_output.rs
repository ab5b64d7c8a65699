//! Outputs are never destructive: `build` replaces only folders it made itself,
//! refuses outputs that are (or hold, or sit in) the sources or overlap each other
//! (exit 2, nothing touched), follows a symlinked output without deleting anything
//! foreign, and survives a kill at any point of its swap.

mod common;
use common::*;
use std::path::Path;
use std::process::Output;

fn build_to(root: &Path, out: &Path, internal: &Path) -> Output {
    bin()
        .arg("--root")
        .arg(root)
        .args(["build", "--no-search", "--now", NOW, "--out"])
        .arg(out)
        .arg("--internal-out")
        .arg(internal)
        .output()
        .unwrap()
}

fn refused(o: &Output, what: &str) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "usage error expected; stderr:\n{err}");
    assert!(err.contains(what), "expected {what:?} in:\n{err}");
    assert!(err.contains("hint:"), "{err}");
    err
}

/// Names of files beside the outputs that a build left behind.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect()
}

#[test]
fn an_output_on_the_sources_is_refused_before_anything_is_touched() {
    let dir = site("basic");
    let p = dir.path();
    let sources = snapshot_dir(p);
    for (out, why) in [
        (p.join("content"), "inside the site's sources (content)"),
        (p.join("content/articles"), "inside the site's sources (content)"),
        (p.to_path_buf(), "is the site folder itself"),
        (p.join(".."), "holds the site folder"),
        (p.join("static/x"), "inside the site's sources (static)"),
    ] {
        let o = build_to(p, &out, &p.join("internal"));
        refused(&o, why);
        assert!(stderr(&o).contains("nothing was written"));
        assert_eq!(snapshot_dir(p), sources, "the site changed after `--out {}`", out.display());
    }
    // The internal output is checked the same way.
    refused(&build_to(p, &p.join("public"), &p.join("content")), "--internal-out");
    assert_eq!(snapshot_dir(p), sources);
}

#[test]
fn overlapping_outputs_are_refused_and_the_previous_output_kept() {
    let dir = site("basic");
    let p = dir.path();
    assert!(build_to(p, &p.join("pub"), &p.join("int")).status.success());
    let before = snapshot_dir(&p.join("pub"));
    refused(&build_to(p, &p.join("pub"), &p.join("pub")), "is the same folder as");
    refused(&build_to(p, &p.join("pub"), &p.join("pub/internal")), "overlaps");
    refused(&build_to(p, &p.join("int/public"), &p.join("int")), "overlaps");
    assert_eq!(snapshot_dir(&p.join("pub")), before, "public output changed");
    assert!(!p.join("pub/internal").exists());
}

#[test]
fn a_folder_frontline_did_not_make_is_never_replaced() {
    let dir = site("basic");
    let p = dir.path();
    let www = p.join("www");
    std::fs::create_dir_all(www.join("cgi")).unwrap();
    std::fs::write(www.join("index.php"), "<?php // the company's web root").unwrap();
    std::fs::write(www.join("cgi/x"), "x").unwrap();
    let before = snapshot_dir(&www);
    let err = refused(&build_to(p, &www, &p.join("internal")), "was not made by frontline");
    assert!(err.contains("left as it was"), "{err}");
    assert_eq!(snapshot_dir(&www), before);
    // The default public/ holding someone's files is refused the same way.
    std::fs::create_dir_all(p.join("public")).unwrap();
    std::fs::write(p.join("public/notes.txt"), "mine").unwrap();
    refused(&build(p), "was not made by frontline");
    assert_eq!(read(p, "public/notes.txt"), "mine");
    // An empty folder is taken, and marked as frontline's from then on.
    let empty = p.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(build_to(p, &empty, &p.join("internal")).status.success());
    assert!(empty.join(".frontline-output").is_file() && empty.join("index.html").is_file());
    assert!(build_to(p, &empty, &p.join("internal")).status.success(), "a marked folder is rebuilt");
}

#[test]
fn a_symlinked_output_is_written_through_and_foreign_targets_refused() {
    let dir = site("basic");
    let p = dir.path();
    let web = tempfile::tempdir().unwrap();
    let webroot = web.path().join("html");
    std::fs::create_dir_all(&webroot).unwrap();
    std::fs::write(webroot.join("other-app.html"), "keep me").unwrap();
    std::os::unix::fs::symlink(&webroot, p.join("public")).unwrap();
    refused(&build(p), "was not made by frontline");
    assert_eq!(std::fs::read_to_string(webroot.join("other-app.html")).unwrap(), "keep me");
    // Pointing at an empty folder: the site goes there and the link stays a link.
    let site_root = web.path().join("site");
    std::fs::create_dir_all(&site_root).unwrap();
    std::fs::remove_file(p.join("public")).unwrap();
    std::os::unix::fs::symlink(&site_root, p.join("public")).unwrap();
    for _ in 0..2 {
        let o = build(p);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(std::fs::symlink_metadata(p.join("public")).unwrap().file_type().is_symlink());
        assert!(site_root.join("index.html").is_file());
    }
    assert_eq!(std::fs::read_to_string(webroot.join("other-app.html")).unwrap(), "keep me");
    assert!(leftovers(web.path()).is_empty(), "{:?}", leftovers(web.path()));
}

/// A process id that never runs here (above Linux's largest pid).
const DEAD_PID: u32 = 4_194_305;

#[test]
fn a_build_killed_between_renames_is_repaired_by_the_next_build() {
    let good = baseline("basic");
    let dir = good.copy();
    let p = dir.path();
    let previous = good.snapshot("public");
    // What a kill between "public -> .public.old" and ".public.tmp -> public" leaves.
    std::fs::rename(p.join("public"), p.join(format!(".public.old-{DEAD_PID}"))).unwrap();
    std::fs::create_dir_all(p.join(format!(".public.tmp-{DEAD_PID}/half"))).unwrap();
    std::fs::write(p.join(format!(".public.tmp-{DEAD_PID}/.frontline-output")), "x").unwrap();
    // A leftover-looking folder that frontline did not make is left alone.
    std::fs::create_dir_all(p.join(format!(".internal.tmp-{DEAD_PID}"))).unwrap();
    std::fs::write(p.join(format!(".internal.tmp-{DEAD_PID}/mine")), "mine").unwrap();
    // The next build fails on content, yet puts the previous output back first.
    std::fs::write(p.join("content/articles/broken.md"), "---\ntitle: [\n---\n").unwrap();
    let o = build(p);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("was put back"), "{}", stderr(&o));
    assert_eq!(snapshot_dir(&p.join("public")), previous);
    assert_eq!(leftovers(p), vec![format!(".internal.tmp-{DEAD_PID}")]);
    assert_eq!(read(p, &format!(".internal.tmp-{DEAD_PID}/mine")), "mine");
}

#[test]
fn killing_a_build_at_any_moment_leaves_a_whole_output() {
    let dir = baseline("basic").copy();
    let p = dir.path();
    let t = std::time::Instant::now();
    assert!(build(p).status.success());
    let full = t.elapsed();
    for i in 0..12u32 {
        let mut child = bin().arg("--root").arg(p).args(["build", "--now", NOW]).spawn().unwrap();
        std::thread::sleep(full * i / 10);
        let _ = child.kill();
        let _ = child.wait();
        for out in ["public", "internal"] {
            let d = p.join(out);
            assert!(d.join("index.html").is_file() && d.join(".frontline-output").is_file(), "{out}/ incomplete after a kill at {i}/10");
        }
    }
    let o = build(p);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(leftovers(p).is_empty(), "{:?}", leftovers(p));
}
