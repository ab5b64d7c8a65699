//! Replays every seed of the fuzz targets (fuzz/seeds/<target>/*, crash reproducers
//! included) through the same checks `cargo fuzz` runs, on stable Rust.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target);
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    for f in &files {
        // Shown with the panic message when this seed fails.
        eprintln!("seed {}", f.display());
        check(&std::fs::read(f).unwrap());
    }
}

#[test]
fn frontmatter_seeds() {
    replay("frontmatter", harness::check_frontmatter);
    harness::cleanup();
}

#[test]
fn markdown_seeds() {
    replay("markdown", harness::check_markdown);
}

#[test]
fn incident_edit_seeds() {
    replay("incident_edit", harness::check_incident_edit);
}
