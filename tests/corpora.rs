//! Real-world corpora (../shared/corpora) build with zero errors and one page per file.

mod common;
use common::*;
use std::path::Path;

fn count_pages(dir: &Path, marker: &str) -> usize {
    snapshot_dir(dir).iter().filter(|(p, b)| p.ends_with("index.html") && String::from_utf8_lossy(b).contains(marker)).count()
}

#[test]
fn arduino_help_and_openshift_runbooks_build() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let arduino = shared.join("arduino-help/content");
    let openshift = shared.join("openshift-runbooks/alerts");
    assert!(arduino.is_dir() && openshift.is_dir(), "the corpora must be at {} (shared/ beside the repo)", shared.display());
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::os::unix::fs::symlink(&arduino, dir.path().join("content/articles")).unwrap();
    std::os::unix::fs::symlink(&openshift, dir.path().join("content/runbooks")).unwrap();
    let out = run(dir.path(), &["build", "--drafts", "--now", NOW]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("error:"), "{err}");
    let md = |d: &Path| {
        walkdir::WalkDir::new(d)
            .follow_links(true)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .count()
    };
    assert_eq!((md(&arduino), md(&openshift)), (414, 272));
    assert_eq!(count_pages(&dir.path().join("internal/articles"), "<article class=\"article\""), 414);
    assert_eq!(count_pages(&dir.path().join("internal/runbooks"), "<article class=\"article runbook\""), 272);
    // Raw HTML and unknown shortcodes pass through untouched.
    let page = read(dir.path(), "public/articles/software-support/upload/upload-a-sketch-in-arduino-ide/index.html");
    assert!(page.contains("<a id=\"get-ide\"></a>"));
    // Without --drafts, the 4 drafts are left out.
    let out = run(dir.path(), &["build", "--now", NOW]);
    assert!(out.status.success());
    assert_eq!(count_pages(&dir.path().join("public/articles"), "<article class=\"article\""), 410);
}
