//! Shared helpers for integration tests: copy a fixture site, run the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const NOW: &str = "2026-11-23T12:00:00+03:00";

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_frontline"));
    c.env_remove("FRONTLINE_NOW");
    c
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Copy a fixture site into a fresh temp folder.
pub fn site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// `frontline --root <root> <args...>`.
pub fn run(root: &Path, args: &[&str]) -> Output {
    bin().arg("--root").arg(root).args(args).output().unwrap()
}

pub fn build(root: &Path) -> Output {
    run(root, &["build", "--now", NOW])
}

/// Build the demo site (the example site frozen with an open incident,
/// `tests/fixtures/demo`) into `<out>/public` and `<out>/internal`.
pub fn build_example(out: &Path) -> Output {
    let root = fixture("demo");
    bin()
        .arg("--root")
        .arg(root)
        .args(["build", "--now", NOW, "--out"])
        .arg(out.join("public"))
        .arg("--internal-out")
        .arg(out.join("internal"))
        .output()
        .unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
