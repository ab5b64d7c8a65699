//! The only code that writes output folders. A site is written into a temporary
//! folder next to the target and swapped in, so a failed build leaves the
//! previous output untouched.

use super::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// Replace `target` with exactly `files`.
pub fn write_site(target: &Path, files: &[OutputFile]) -> io::Result<()> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    if target.exists() && !target.is_dir() {
        return Err(io::Error::other(format!("{} exists and is not a folder", target.display())));
    }
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    if let Err(e) = fill(&tmp, files) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if target.exists() {
        std::fs::rename(target, &old)?;
        if let Err(e) = std::fs::rename(&tmp, target) {
            let _ = std::fs::rename(&old, target);
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&tmp, target)?;
    }
    Ok(())
}

fn fill(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let dirs: BTreeSet<&Path> = files.iter().filter_map(|f| Path::new(&f.path).parent()).collect();
    for d in dirs {
        std::fs::create_dir_all(dir.join(d))?;
    }
    files.par_iter().try_for_each(|f| {
        debug_assert!(!f.path.split('/').any(|s| s == ".."));
        std::fs::write(dir.join(&f.path), &f.bytes)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_whole_folder() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("public");
        write_site(&t, &[OutputFile::new("a/index.html", "1"), OutputFile::new("old.txt", "x")]).unwrap();
        write_site(&t, &[OutputFile::new("a/index.html", "2")]).unwrap();
        assert_eq!(std::fs::read_to_string(t.join("a/index.html")).unwrap(), "2");
        assert!(!t.join("old.txt").exists());
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1, "no temp folders left");
    }
}
