//! Output stage: `generate(&Site, Audience)` returns every file of one site as
//! data ([`OutputFile`]); only [`write`] touches the disk. Public and internal
//! sites are the same code with a different [`Audience`].

pub mod api;
pub mod badge;
pub mod feeds;
pub mod leaks;
pub mod manifest;
pub mod meta;
pub mod operators;
pub mod pages;
pub mod search;
pub mod status;
pub mod views;
pub mod write;

use crate::content::Audience;
use crate::diag::Diagnostic;
use crate::model::Site;
use crate::render::templates::Templates;

/// One file of a generated site: a `/`-separated path relative to the output root.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile { path: path.into(), bytes: bytes.into() }
    }

    /// `/articles/x/` -> `articles/x/index.html`.
    pub fn page(url: &str, html: String) -> Self {
        let p = url.trim_start_matches('/');
        let path = if p.is_empty() {
            "index.html".to_string()
        } else if p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p.to_string()
        };
        OutputFile { path, bytes: html.into_bytes() }
    }
}

/// Every file of the site one audience sees, except the search index
/// ([`search::index_streaming`], which must run outside the rayon pool: Pagefind
/// uses rayon itself).
pub fn generate(site: &Site, audience: Audience, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = pages::all(site, audience, templates)?;
    files.extend(status_files(site, audience, templates)?);
    files.extend(rest(site, audience, templates)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// What [`generate`] makes besides the article and runbook pages, which `build`
/// produces in batches ([`pages::articles`], [`pages::runbooks`]) to hold only a
/// few hundred pages in memory at a time.
/// (Status files — see [`status_files`] — are not among them.)
pub fn generate_without_documents(site: &Site, audience: Audience, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = pages::collect(pages::chrome(site, audience, templates))?;
    files.extend(rest(site, audience, templates)?);
    Ok(files)
}

/// Everything that depends on incidents and maintenance: status, history and
/// incident pages, `/api/v2/*`, status feeds and the badge. A status-only publish
/// regenerates these alone (`build::status_only`).
pub fn status_files(site: &Site, audience: Audience, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = pages::collect(pages::status(site, audience, templates))?;
    files.extend(api::all(site));
    files.extend(feeds::status_feeds(site));
    files.push(badge::svg(site));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Meta files, the articles feed and assets.
fn rest(site: &Site, audience: Audience, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = meta::all(site, audience);
    files.push(feeds::articles_atom(site, audience));
    files.extend(assets(site, templates)?);
    Ok(files)
}

/// Theme static files, generated highlight CSS, and the site's `static/` folder.
pub fn assets(site: &Site, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut out: Vec<OutputFile> = templates.statics.iter().map(|(p, b)| OutputFile::new(format!("assets/{p}"), b.clone())).collect();
    out.push(OutputFile::new("assets/highlight.css", crate::render::highlight::css()));
    let static_dir = site.config.root.join("static");
    if !static_dir.exists() {
        return Ok(out);
    }
    let mut errs = Vec::new();
    for e in walkdir::WalkDir::new(&static_dir).follow_links(true) {
        let read = e.map_err(|e| e.to_string()).and_then(|e| {
            if !e.file_type().is_file() {
                return Ok(None);
            }
            let rel = e.path().strip_prefix(&static_dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
            std::fs::read(e.path()).map(|b| Some(OutputFile::new(rel, b))).map_err(|err| format!("{}: {err}", e.path().display()))
        });
        match read {
            Ok(Some(f)) => out.push(f),
            Ok(None) => {}
            Err(msg) => errs.push(
                Diagnostic::error("static", 1, "io", format!("cannot copy a static file: {msg}"))
                    .hint("fix the permissions or remove the file"),
            ),
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}
