//! `init` (a new site with the example content) and `new` (one article or
//! runbook with its front matter filled in).

use crate::config::Config;
use crate::content::slug::slugify;
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};

static EXAMPLE_CONTENT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content");
const EXAMPLE_SITE_YAML: &str = include_str!("../site.yaml");

/// Write the example site into `dir` (created if missing; must not already hold a site).
// lead: implement empty (`init --empty`: a minimal site without the example content).
pub fn init(dir: &Path, _empty: bool) -> anyhow::Result<Vec<PathBuf>> {
    if dir.join("site.yaml").exists() || dir.join("content").exists() {
        anyhow::bail!("{} already contains a site (site.yaml or content/); choose an empty folder", dir.display());
    }
    std::fs::create_dir_all(dir)?;
    let mut written = vec![dir.join("site.yaml")];
    std::fs::write(dir.join("site.yaml"), EXAMPLE_SITE_YAML)?;
    extract(&EXAMPLE_CONTENT, &dir.join("content"), &mut written)?;
    Ok(written)
}

fn extract(d: &Dir<'_>, to: &Path, written: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for f in d.files() {
        let p = to.join(f.path());
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&p, f.contents())?;
        written.push(p);
    }
    for sub in d.dirs() {
        extract(sub, to, written)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Article,
    Runbook,
}

/// Create a new article or runbook; returns its path. Never overwrites.
pub fn new_page(config: &Config, kind: NewKind, title: &str, category: Option<&str>, lang: Option<&str>) -> anyhow::Result<PathBuf> {
    let title = title.trim();
    if title.is_empty() {
        anyhow::bail!("the title is empty; write it in quotes, e.g. frontline new article \"How to get a refund\"");
    }
    let lang = lang.unwrap_or(config.default_language());
    if !config.languages.iter().any(|l| l == lang) {
        anyhow::bail!("language `{lang}` is not in site.yaml `languages` ({})", config.languages.join(", "));
    }
    let suffix = if lang == config.default_language() { String::new() } else { format!(".{lang}") };
    let (folder, cat) = match kind {
        NewKind::Article => ("articles", category.unwrap_or("general")),
        NewKind::Runbook => ("runbooks", category.unwrap_or("")),
    };
    let cat = cat.trim_matches('/');
    if cat.split('/').any(|s| s == ".." || s == ".") {
        anyhow::bail!("--category must be a folder name inside content/{folder}");
    }
    let mut path = config.content_dir().join(folder);
    if !cat.is_empty() {
        path = path.join(cat);
    }
    let path = path.join(format!("{}{suffix}.md", slugify(title)));
    if path.exists() {
        anyhow::bail!("{} already exists; choose another title or edit that file", path.display());
    }
    let today = chrono::Utc::now().with_timezone(&config.timezone).format("%Y-%m-%d");
    let quoted = serde_json::to_string(title)?;
    let text = match kind {
        NewKind::Article => format!(
            "---\ntitle: {quoted}\nsummary: \"\"   # one-screen answer shown in search results and lists\nupdated: {today}\ntags: []\norder: 100\n# owner: team-name\n# related: [other-article-slug]\n# audience: internal   # only on the internal site\n---\n\nWrite the answer first, then the details.\n\n## Steps\n\n1. First step.\n"
        ),
        NewKind::Runbook => format!(
            "---\ntitle: {quoted}\nowner: \"\"          # team or person responsible\ncomponents: []      # status component ids from site.yaml\nescalation:\n  - {{name: On-call engineer, contact: \"\"}}\nlast_reviewed: {today}\nreview_every: 90d\ntags: []\n---\n\n## Symptoms\n\n## Steps\n\n- [ ] Check the dashboard\n- [ ] Tell the customer\n\n```reply\nЗдравствуйте! Мы уже разбираемся с проблемой и напишем, как только всё заработает.\n```\n"
        ),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    // create_new: a file that appeared since the check above is never overwritten.
    use std::io::Write;
    let mut f = match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!("{} already exists; choose another title or edit that file", path.display())
        }
        Err(e) => return Err(e.into()),
    };
    f.write_all(text.as_bytes())?;
    Ok(path)
}
