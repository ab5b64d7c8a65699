//! Shared helpers for integration tests: copy a fixture site, run the real binary,
//! and start from a fixture's good build (built once per test binary) instead of
//! building it again in every test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

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

/// A fixture site as it is after one good `build --now NOW` (search index included):
/// every folder and file of the site folder, sources, `public/`, `internal/` and the
/// build's own state alike, held in memory. Tests that need a previous good output
/// (a failed build must leave it untouched) start from a copy of it.
pub struct Baseline {
    dirs: Vec<PathBuf>,
    files: Vec<(PathBuf, Vec<u8>)>,
}

/// The baseline of fixture `name`, built on first use and shared by every test of
/// this test binary.
pub fn baseline(name: &str) -> &'static Baseline {
    static BASIC: OnceLock<Baseline> = OnceLock::new();
    static CANARY: OnceLock<Baseline> = OnceLock::new();
    static STATUS: OnceLock<Baseline> = OnceLock::new();
    let cell = match name {
        "basic" => &BASIC,
        "canary" => &CANARY,
        "status" => &STATUS,
        _ => panic!("no shared baseline for fixture `{name}`: add a cell in tests/common/mod.rs"),
    };
    cell.get_or_init(|| Baseline::build(name))
}

impl Baseline {
    fn build(name: &str) -> Self {
        let dir = site(name);
        let out = build(dir.path());
        assert!(out.status.success(), "baseline build of `{name}` failed:\n{}", stderr(&out));
        let (mut dirs, mut files) = (Vec::new(), Vec::new());
        for e in walkdir::WalkDir::new(dir.path()).min_depth(1) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir.path()).unwrap().to_path_buf();
            if e.file_type().is_dir() {
                dirs.push(rel);
            } else if e.file_type().is_file() {
                files.push((rel, std::fs::read(e.path()).unwrap()));
            } else {
                panic!("baseline of `{name}`: {} is neither a file nor a folder", rel.display());
            }
        }
        dirs.sort();
        files.sort();
        Baseline { dirs, files }
    }

    /// A fresh temp folder holding the built site, byte for byte.
    pub fn copy(&self) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in &self.dirs {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        for (rel, bytes) in &self.files {
            std::fs::write(dir.path().join(rel), bytes).unwrap();
        }
        dir
    }

    /// The text of the file `rel` of the built site.
    pub fn text(&self, rel: &str) -> String {
        let (_, bytes) = self.files.iter().find(|(p, _)| p == Path::new(rel)).unwrap_or_else(|| panic!("{rel}: not in the baseline"));
        String::from_utf8(bytes.clone()).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The files under `sub` (`"public"`, `"internal"`) as `snapshot_dir` lists them.
    pub fn snapshot(&self, sub: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<(PathBuf, Vec<u8>)> =
            self.files.iter().filter_map(|(rel, bytes)| Some((rel.strip_prefix(sub).ok()?.to_path_buf(), bytes.clone()))).collect();
        v.sort();
        v
    }
}
