//! `init`: a new site, either the example site (its dates moved so that its history
//! ends a few days before today: the demo looks right on any day) or an empty one
//! (`--empty`). `new` (one article or runbook, a draft) lives in [`new`].

mod new;
mod shift;

pub use new::{new_page, NewKind, NewPage};

use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};

static EXAMPLE_CONTENT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content");
const EXAMPLE_SITE_YAML: &str = include_str!("../../site.yaml");
const EMPTY_SITE_YAML: &str = include_str!("empty-site.yaml");

/// The day the example content is written for: its last event (a completed
/// maintenance) is three days before. `init` moves every date by (today − this day).
pub const EXAMPLE_DAY: (i32, u32, u32) = (2026, 12, 1);

/// Write a new site into `dir` (created if missing; must not already hold a site).
/// `today` is the site's local date (for moving the example's dates); `empty` writes
/// only `site.yaml` and the content folders.
pub fn init(dir: &Path, empty: bool, today: chrono::NaiveDate) -> anyhow::Result<Vec<PathBuf>> {
    if dir.join("site.yaml").exists() || dir.join("content").exists() {
        anyhow::bail!("{} already contains a site (site.yaml or content/); choose an empty folder", dir.display());
    }
    std::fs::create_dir_all(dir)?;
    let mut written = vec![dir.join("site.yaml")];
    // The outputs are build products: keep them out of the site's repository (an
    // existing .gitignore is left as it was).
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        write_new(&ignore, b"# frontline build output\n/public/\n/internal/\n")?;
        written.push(ignore);
    }
    if empty {
        write_new(&dir.join("site.yaml"), EMPTY_SITE_YAML.as_bytes())?;
        for sub in ["articles", "incidents", "runbooks"] {
            std::fs::create_dir_all(dir.join("content").join(sub))?;
        }
        return Ok(written);
    }
    write_new(&dir.join("site.yaml"), EXAMPLE_SITE_YAML.as_bytes())?;
    let (y, m, d) = EXAMPLE_DAY;
    let days = chrono::NaiveDate::from_ymd_opt(y, m, d).map_or(0, |example| (today - example).num_days());
    extract(&EXAMPLE_CONTENT, &dir.join("content"), days, &mut written)?;
    Ok(written)
}

fn extract(d: &Dir<'_>, to: &Path, days: i64, written: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for f in d.files() {
        let name = f.path().file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let name = shift::file_name(name, days);
        let p = to.join(f.path().with_file_name(name));
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        match (p.extension().and_then(|e| e.to_str()), std::str::from_utf8(f.contents())) {
            (Some("md"), Ok(text)) => write_new(&p, shift::front_matter(text, days).as_bytes())?,
            _ => write_new(&p, f.contents())?,
        }
        written.push(p);
    }
    for sub in d.dirs() {
        extract(sub, to, days, written)?;
    }
    Ok(())
}

/// Create `path`; a file that appeared meanwhile is never overwritten.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut f = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!("{} already exists; choose another name or edit that file", path.display())
        }
        Err(e) => return Err(anyhow::Error::new(e).context(format!("cannot create {}", path.display()))),
    };
    f.write_all(bytes)?;
    Ok(())
}
