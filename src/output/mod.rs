//! Output stage: `generate(&Site, Audience)` returns every file of one site as
//! data ([`OutputFile`]); only [`write`] touches the disk. Public and internal
//! sites are the same code with a different [`Audience`]. Each file names its
//! [`Source`], so two files wanting one path are an error ([`owners`]), never a
//! silent overwrite.

pub mod api;
pub mod badge;
pub mod banner;
pub mod contact;
pub mod feeds;
pub mod hosting;
pub mod job;
pub mod leaks;
pub mod manifest;
pub mod meta;
pub mod operators;
pub mod owners;
pub mod pages;
pub mod search;
pub mod shift;
pub mod status;
pub mod views;
pub mod write;

use crate::content::Audience;
use crate::diag::Diagnostic;
use crate::model::Site;
use crate::render::templates::Templates;
use std::path::PathBuf;

/// What a generated file is made from (paths as shown in messages, relative to
/// the site root). Files frontline makes by itself (home, status, feeds, API,
/// search index) have none.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The page of a content file (article, runbook).
    Page(PathBuf),
    /// The page of a folder under `content/articles` (category or section).
    Folder(PathBuf),
    /// The redirect page of `alias` in the front matter of `file`.
    Alias { file: PathBuf, alias: String, line: usize },
    /// A file copied from `static/`.
    Static(PathBuf),
    /// A theme's static file (the built-in theme's or `themes/<name>/static/`).
    Theme(PathBuf),
}

/// One file of a generated site: a `/`-separated path relative to the output root.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
    pub source: Option<Source>,
    /// The language of a page, from the job that rendered it (the search indexer
    /// files the page under it); `None` for files that are not pages.
    pub lang: Option<String>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile { path: path.into(), bytes: bytes.into(), source: None, lang: None }
    }

    /// The same file, made from `source`.
    pub fn from_source(mut self, source: Source) -> Self {
        self.source = Some(source);
        self
    }

    /// The same page, in `lang`.
    pub fn in_lang(mut self, lang: Option<&str>) -> Self {
        self.lang = lang.map(str::to_string);
        self
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
        OutputFile { path, bytes: html.into_bytes(), source: None, lang: None }
    }
}

/// Every file of the site one audience sees, except the search index
/// ([`search::index_streaming`], which must run outside the rayon pool: Pagefind
/// uses rayon itself).
/// Two files wanting one path are an error ([`owners::Owners`]).
pub fn generate(site: &Site, audience: Audience, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = pages::all(site, audience, templates)?;
    files.extend(status_files(site, audience, templates)?);
    files.extend(rest(site, audience, templates)?);
    let clashes = owners::Owners::new().claim(&files);
    if !clashes.is_empty() {
        return Err(clashes);
    }
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
/// incident pages, `/api/v2/*`, status feeds, the badge and, on the internal site,
/// the operators' shift data ([`shift`]). A status-only publish regenerates these
/// alone (`build::status_only`).
pub fn status_files(site: &Site, audience: Audience, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = pages::collect(pages::status(site, audience, templates))?;
    files.extend(api::all(site));
    files.extend(feeds::status_feeds(site));
    files.push(badge::svg(site));
    if audience == Audience::Internal {
        files.extend(shift::files(site));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Meta files, the articles feed and assets.
fn rest(site: &Site, audience: Audience, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = meta::all(site, audience);
    files.extend(feeds::articles_atoms(site, audience));
    if !site.config.root.join("static").join(hosting::HEADERS).exists() {
        files.push(hosting::headers(site, audience));
    }
    files.extend(assets(site, templates)?);
    Ok(files)
}

/// Theme static files, generated highlight CSS, and the site's `static/` folder.
/// The walk's warnings (links outside the site skipped) are reported by
/// [`static_problems`] at load time; errors here fail the generation.
pub fn assets(site: &Site, templates: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut out: Vec<OutputFile> = templates
        .statics
        .iter()
        .map(|(p, b)| {
            let f = OutputFile::new(format!("assets/{p}"), b.clone());
            match templates.static_origins.get(p) {
                Some(origin) => f.from_source(Source::Theme(origin.clone())),
                None => f,
            }
        })
        .collect();
    out.push(OutputFile::new("assets/highlight.css", crate::render::highlight::css()));
    let root = &site.config.root;
    let (found, problems) = crate::content::walk::files(root, &root.join("static"), false);
    let mut errs: Vec<Diagnostic> = problems.into_iter().filter(Diagnostic::is_error).collect();
    for f in found {
        let shown = f.abs.strip_prefix(root).unwrap_or(&f.abs).to_path_buf();
        match std::fs::read(&f.abs) {
            Ok(b) => out.push(OutputFile::new(f.rel.to_string_lossy().replace('\\', "/"), b).from_source(Source::Static(shown))),
            Err(e) => errs.push(
                Diagnostic::error(shown, 1, "io", format!("cannot copy a static file: {e}")).hint("fix the permissions or remove the file"),
            ),
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

/// What walking `static/` finds (links outside the site skipped, names that are
/// not UTF-8, FIFOs), for `build` and `check` to report with the content's findings.
pub fn static_problems(root: &std::path::Path) -> Vec<Diagnostic> {
    crate::content::walk::files(root, &root.join("static"), false).1
}
