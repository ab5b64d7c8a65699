//! Status-only publish (`incident … --build`): only status files are rewritten, they
//! carry the update, nothing internal reaches public/, and whatever the last full build
//! cannot vouch for falls back to a full build.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Every file under `dir` with its bytes and modification time.
fn files(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                (std::fs::read(e.path()).unwrap(), e.metadata().unwrap().modified().unwrap()),
            )
        })
        .collect()
}

fn is_status_file(p: &Path) -> bool {
    let s = p.to_string_lossy();
    let s = s.strip_prefix("ru/").unwrap_or(&s);
    s.starts_with("status/") || s.starts_with("api/v2/") || s == ".frontline/status.json"
}

const LATER: &str = "2026-11-23T12:30:00+03:00";

fn update(root: &Path, message: &str) -> std::process::Output {
    run(
        root,
        &["incident", "update", "checkout-slow", "--status", "monitoring", "--message", message, "--at", LATER, "--now", LATER, "--build"],
    )
}

#[test]
fn an_update_rewrites_status_files_only_and_leaks_nothing() {
    let dir = site("status");
    assert!(build(dir.path()).status.success());
    let before = (files(&dir.path().join("public")), files(&dir.path().join("internal")));
    // File times have a coarse grain on some file systems: let any rewrite show.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let o = update(dir.path(), "Fix deployed, watching checkout times. STATUS-UPDATE-MARK-71c0");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("published the status in") && !err.contains("rebuilt the whole site"), "{err}");
    let after = (files(&dir.path().join("public")), files(&dir.path().join("internal")));
    for (site, old, new) in [("public", &before.0, &after.0), ("internal", &before.1, &after.1)] {
        assert_eq!(old.keys().collect::<Vec<_>>(), new.keys().collect::<Vec<_>>(), "{site}: same files");
        let changed: Vec<&PathBuf> = new.iter().filter(|(p, v)| old.get(*p) != Some(v)).map(|(p, _)| p).collect();
        assert!(!changed.is_empty(), "{site}: something changed");
        for p in &changed {
            assert!(is_status_file(p), "{site}/{} was rewritten by a status-only publish", p.display());
        }
        for p in ["api/v2/summary.json", "status/index.html", "status/feed.atom", "status/incidents/2026-11-23-checkout-slow/index.html"] {
            let text = String::from_utf8_lossy(&new[Path::new(p)].0).into_owned();
            if site == "public" || p.ends_with(".html") {
                assert!(text.contains("STATUS-UPDATE-MARK-71c0"), "{site}/{p} has the update");
            }
        }
        // An article page is byte for byte and time for time what the full build wrote.
        let article = Path::new("articles/help/refund/index.html");
        assert!(old.contains_key(article), "{site}/{}", article.display());
        assert_eq!(old.get(article), new.get(article), "{site}: article untouched");
    }
    for (p, (bytes, _)) in &after.0 {
        let text = String::from_utf8_lossy(bytes);
        for canary in ["CANARY-STATUS-INTERNAL-NOTE-5c3d", "/runbooks/", ".frontline/status.json"] {
            assert!(!text.contains(canary), "{canary} in public/{}", p.display());
        }
        assert!(!p.starts_with(".frontline"), "the manifest is internal only: public/{}", p.display());
    }
    // The status-only result is what a full build makes of the same content.
    let full = site("status");
    std::fs::copy(
        dir.path().join("content/incidents/2026-11-23-checkout-slow.md"),
        full.path().join("content/incidents/2026-11-23-checkout-slow.md"),
    )
    .unwrap();
    assert!(run(full.path(), &["build", "--now", LATER]).status.success());
    for p in ["api/v2/summary.json", "status/index.html", "status/feed.atom", "status/incidents/2026-11-20-api-outage/index.html"] {
        assert_eq!(read(dir.path(), &format!("public/{p}")), read(full.path(), &format!("public/{p}")), "{p} as a full build makes it");
    }
}

#[test]
fn without_a_usable_full_build_it_builds_everything() {
    let dir = site("status");
    // No output yet: a full build.
    let o = update(dir.path(), "First publish.");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("rebuilt the whole site"), "{}", stderr(&o));
    assert!(read(dir.path(), "public/articles/help/refund/index.html").contains("<html"));
    // site.yaml changed since that build: the help pages would disagree, so a full build.
    let yaml = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, text.replacen("title:", "description: Changed\ntitle:", 1)).unwrap();
    let o = update(dir.path(), "Second publish.");
    assert!(stderr(&o).contains("rebuilt the whole site") && stderr(&o).contains("site.yaml"), "{}", stderr(&o));
    // Nothing changed since: status only.
    let o = update(dir.path(), "Third publish.");
    assert!(stderr(&o).contains("published the status in"), "{}", stderr(&o));
    // An incident naming an article the last full build does not have: a full build,
    // which reports it as the error it is.
    let inc = dir.path().join("content/incidents/2026-11-23-checkout-slow.md");
    let text = std::fs::read_to_string(&inc).unwrap();
    std::fs::write(&inc, text.replacen("---\n", "---\narticles: [no-such-article]\n", 1)).unwrap();
    let o = update(dir.path(), "Fourth publish.");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("no-such-article") && err.contains("did not build"), "{err}");
}
