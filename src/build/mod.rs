//! The pipeline: config -> content -> model -> render -> generate (both
//! audiences) -> write. `check` runs the same pipeline without writing;
//! [`status_only`] runs the status part of it after an incident edit.

pub mod status_only;

use crate::config::Config;
use crate::content::{self, Audience};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::{self, write, OutputFile};
use crate::render::{self, templates::Templates};
use chrono::{DateTime, FixedOffset};
use std::path::PathBuf;

/// What the user asked `build`/`check` to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub out: Option<PathBuf>,
    pub internal_out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub now: Option<DateTime<FixedOffset>>,
    pub drafts: bool,
    /// Build the search index (serve may skip it for a fast first preview).
    pub search: bool,
    /// Keep each document's plain text for the search vocabulary: a search index
    /// will be built from this model (by `build`, or later by `serve`). Without it
    /// the text is dropped as soon as a document is rendered (90 MiB on 10k articles).
    pub vocabulary: bool,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options {
            root: root.into(),
            out: None,
            internal_out: None,
            base_url: None,
            now: None,
            drafts: false,
            search: true,
            vocabulary: true,
        }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }

    pub fn internal_dir(&self) -> PathBuf {
        self.internal_out.clone().unwrap_or_else(|| self.root.join("internal"))
    }
}

/// Load and render everything: the model every output is generated from.
/// `Err` holds all findings when any is an error; `Ok` carries the warnings.
pub fn load(opts: &Options) -> Result<(Site, Templates, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    // A broken site.yaml is reported, and content is still checked with the best-effort config.
    let (mut config, config_diags) = Config::load_lenient(&opts.root);
    diags.extend(config_diags);
    if let Some(b) = &opts.base_url {
        config.base_url = b.trim_end_matches('/').to_string();
    }
    let now = opts.now.unwrap_or_else(|| chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 0).fixed_offset());
    let templates = Templates::load(&config);
    diags.items.extend(output::static_problems(&opts.root));
    let content = content::load(&config, opts.drafts, &mut diags);
    let (mut site, model_diags) = Site::new(config, content, now);
    diags.items.extend(model_diags);
    diags.items.extend(render::render_site(&mut site, opts.vocabulary));
    if let Ok(t) = &templates {
        diags.items.extend(t.warnings.iter().cloned());
    }
    match templates {
        Ok(t) if !diags.has_errors() => Ok((site, t, diags)),
        Ok(_) => Err(diags),
        Err(e) => {
            diags.items.extend(e);
            Err(diags)
        }
    }
}

/// Load, render and generate both sites the way [`build`] does, in batches, with
/// the leak scan, but write nothing and build no search index (`check`).
pub fn check(opts: &Options) -> Result<(Site, Diagnostics), Diagnostics> {
    let t = std::time::Instant::now();
    let (site, templates, diags) = load(opts)?;
    timing("load + render markdown", t);
    let scanner = output::leaks::Scanner::new(&site);
    let mut sink = Sink::new(&site, scanner, None, diags);
    output::search::index_streaming(&site, &[], |feed| sink.pages(&templates, feed));
    let diags = sink.diags;
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((site, diags))
}

pub use crate::diag::timing;

/// What `build` wrote.
pub struct Built {
    pub site: Site,
    /// Files written to the public and to the internal site.
    pub public_files: usize,
    pub internal_files: usize,
}

/// Articles rendered into pages, leak-scanned, indexed and written per batch: the
/// pages of one batch are all that is held in memory at a time.
const BATCH: usize = 256;

/// The public and internal output folders being written, and their paths.
struct Folders {
    public: write::Staged,
    internal: write::Staged,
    dirs: (PathBuf, PathBuf),
}

/// Where generated pages go (see [`build`] and [`check`]).
struct Sink<'a> {
    site: &'a Site,
    scanner: output::leaks::Scanner,
    /// The staged public and internal folders; none for `check`, which writes nothing.
    out: Option<&'a mut Folders>,
    counts: (usize, usize),
    /// Output paths of the status files of each site (for the manifest).
    status_paths: (Vec<String>, Vec<String>),
    diags: Diagnostics,
    /// The paths given out so far in the public and the internal site: a second
    /// file at one is an error, never an overwrite.
    owners: (output::owners::Owners, output::owners::Owners),
}

impl<'a> Sink<'a> {
    fn new(site: &'a Site, scanner: output::leaks::Scanner, out: Option<&'a mut Folders>, diags: Diagnostics) -> Self {
        let owners = (output::owners::Owners::new(), output::owners::Owners::new());
        Sink { site, scanner, out, counts: (0, 0), status_paths: Default::default(), diags, owners }
    }

    /// Claim the paths of one audience's files (see [`output::owners`]).
    fn claim(&mut self, audience: Audience, files: &[OutputFile]) {
        let owners = match audience {
            Audience::Public => &mut self.owners.0,
            Audience::Internal => &mut self.owners.1,
        };
        // Both sites have most files: a clash in both is reported once.
        for d in owners.claim(files) {
            if !self.diags.items.contains(&d) {
                self.diags.push(d);
            }
        }
    }

    /// Claim, scan (public), index and write one audience's batch; after the first
    /// error nothing more is written, but every batch is still checked so all
    /// problems are reported.
    fn put(&mut self, audience: Audience, files: Result<Vec<OutputFile>, Vec<Diagnostic>>, feed: &mut output::search::Feed) {
        let files = match files {
            Ok(f) => f,
            Err(errors) => {
                // A broken template fails every batch the same way: report it once.
                for e in errors {
                    if !self.diags.items.contains(&e) {
                        self.diags.push(e);
                    }
                }
                return;
            }
        };
        self.claim(audience, &files);
        if audience == Audience::Public {
            self.diags.items.extend(self.scanner.scan(&files));
        }
        if self.diags.has_errors() {
            return;
        }
        feed.pages(audience, &files);
        self.write(audience, &files);
    }

    fn write(&mut self, audience: Audience, files: &[OutputFile]) {
        let count = match audience {
            Audience::Public => &mut self.counts.0,
            Audience::Internal => &mut self.counts.1,
        };
        *count += files.len();
        let Some(out) = &mut self.out else { return };
        let (staged, dir) = match audience {
            Audience::Public => (&mut out.public, &out.dirs.0),
            Audience::Internal => (&mut out.internal, &out.dirs.1),
        };
        if let Err(e) = staged.write(files) {
            self.diags.push(io_error(dir, e));
        }
    }

    /// Every page of both sites, in batches.
    fn pages(&mut self, templates: &Templates, feed: &mut output::search::Feed) {
        let site = self.site;
        let t = std::time::Instant::now();
        let (p, i) = rayon::join(
            || output::generate_without_documents(site, Audience::Public, templates),
            || output::generate_without_documents(site, Audience::Internal, templates),
        );
        self.put(Audience::Public, p, feed);
        self.put(Audience::Internal, i, feed);
        let (p, i) = rayon::join(
            || output::status_files(site, Audience::Public, templates),
            || output::status_files(site, Audience::Internal, templates),
        );
        let paths = |r: &Result<Vec<OutputFile>, _>| r.as_ref().map(|f| f.iter().map(|f| f.path.clone()).collect()).unwrap_or_default();
        self.status_paths = (paths(&p), paths(&i));
        self.put(Audience::Public, p, feed);
        self.put(Audience::Internal, i, feed);
        for batch in site.articles.chunks(BATCH) {
            let (p, i) = rayon::join(
                || output::pages::collect(output::pages::articles(site, batch, Audience::Public, templates)),
                || output::pages::collect(output::pages::articles(site, batch, Audience::Internal, templates)),
            );
            self.put(Audience::Public, p, feed);
            self.put(Audience::Internal, i, feed);
        }
        for batch in site.runbooks.chunks(BATCH) {
            self.put(Audience::Internal, output::pages::collect(output::pages::runbooks(site, batch, templates)), feed);
        }
        timing("generate, leak-scan and write pages (beside the search index)", t);
    }
}

/// The two output folders of a build, checked before anything is touched (see
/// [`write::guard::outputs`]); `Err` is a usage error with a hint.
pub fn outputs(opts: &Options) -> Result<write::guard::Outputs, String> {
    write::guard::outputs(&opts.root, &opts.out_dir(), &opts.internal_dir())
}

/// [`outputs`] as the (public, internal) folders, or its refusal as a diagnostic.
fn output_dirs(opts: &Options) -> Result<(PathBuf, PathBuf), Diagnostics> {
    outputs(opts)
        .map(|o| (o.public, o.internal))
        .map_err(|msg| Diagnostics { items: vec![Diagnostic::error(opts.out_dir(), 1, "output", msg)] })
}

/// Say what was cleaned up after builds that were killed.
fn report_recovered(r: &write::swap::Recovered) {
    if let Some(old) = &r.restored {
        eprintln!("warning: a build was killed while swapping its output; the previous output was put back from {}", old.display());
    }
    for dir in &r.removed {
        eprintln!("note: removed {}, left behind by a build that was killed", dir.display());
    }
}

/// Swap both sites in, or neither: when the second swap fails, the first is undone.
/// Every message says truly what happened to each folder.
fn swap_both(public: write::Staged, internal: write::Staged, dirs: &(PathBuf, PathBuf)) -> Result<(), Diagnostic> {
    let p = public.swap().map_err(|e| io_error(&dirs.0, e))?;
    let i = match internal.swap() {
        Ok(i) => i,
        Err(e) => {
            let undone = p.undo();
            let d = Diagnostic::error(&dirs.1, 1, "io", format!("cannot put the new internal site in place: {e}"));
            return Err(match undone {
                Ok(()) => d.hint("check free disk space and permissions; both previous outputs were left as they were"),
                Err(u) => d.hint(format!(
                    "the new public site is in place but the internal one is the previous build's (putting the old public site back failed: {u}); run the build again"
                )),
            });
        }
    };
    // Both are in place: removing the previous folders cannot undo the build.
    for (s, dir) in [(p, &dirs.0), (i, &dirs.1)] {
        if let Err(e) = s.finish() {
            eprintln!(
                "warning: the new site is in place, but the previous one beside {} could not be removed: {e}; the next build removes it",
                dir.display()
            );
        }
    }
    Ok(())
}

fn io_error(dir: &std::path::Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(dir, 1, "io", format!("cannot write the output folder: {e}"))
        .hint("check free disk space and permissions; the previous output was left as it was")
}

/// Build and write both sites. Nothing is swapped in when there is any error.
///
/// Pages are generated in batches, leak-scanned and written into temporary folders,
/// and handed to the search indexers, which run on their own threads meanwhile
/// (see [`output::search::index_streaming`]). The search files are leak-scanned and
/// added when ready, then both folders are swapped in. Any error drops the
/// temporary folders and leaves the previous output as it was.
pub fn build(opts: &Options) -> Result<(Built, Diagnostics), Diagnostics> {
    let t = std::time::Instant::now();
    let dirs = output_dirs(opts)?;
    // A killed build's leftovers are dealt with first, whatever this build finds.
    for dir in [&dirs.0, &dirs.1] {
        match write::swap::recover(dir) {
            Ok(r) => report_recovered(&r),
            Err(e) => return Err(Diagnostics { items: vec![io_error(dir, e)] }),
        }
    }
    let (site, templates, diags) = load(opts)?;
    timing("load + render markdown", t);
    if std::env::var_os("FRONTLINE_TIMING").is_some() {
        let docs = || site.articles.iter().map(|a| &a.doc).chain(site.runbooks.iter().map(|r| &r.doc));
        let html: usize = docs()
            .flat_map(|d| &d.html.segments)
            .map(|s| match s {
                crate::render::markdown::Segment::Common(h) | crate::render::markdown::Segment::Internal(h) => h.len(),
            })
            .sum();
        let text: usize = docs().map(|d| d.html.text.len()).sum();
        eprintln!("timing: rendered model: {} KiB of HTML, {} KiB of plain text", html / 1024, text / 1024);
    }
    let staged = write::Staged::new(&dirs.0)
        .map_err(|e| io_error(&dirs.0, e))
        .and_then(|p| Ok((p, write::Staged::new(&dirs.1).map_err(|e| io_error(&dirs.1, e))?)));
    let (public, internal) = match staged {
        Ok(s) => s,
        Err(d) => {
            let mut diags = diags;
            diags.push(d);
            return Err(diags);
        }
    };
    let scanner = output::leaks::Scanner::new(&site);
    let mut folders = Folders { public, internal, dirs };
    let mut sink = Sink::new(&site, scanner, Some(&mut folders), diags);
    let audiences: &[Audience] = if opts.search { &[Audience::Public, Audience::Internal] } else { &[] };
    let t = std::time::Instant::now();
    let ((), search) = output::search::index_streaming(&site, audiences, |feed| sink.pages(&templates, feed));
    if opts.search {
        timing("pages + search index (both audiences)", t);
    }
    let mut search = search.into_iter();
    let mut next = |sink: &mut Sink| match search.next() {
        Some(Ok(files)) => files,
        Some(Err(e)) => {
            sink.diags.push(e);
            Vec::new()
        }
        None => Vec::new(),
    };
    let (search_public, search_internal) = (next(&mut sink), next(&mut sink));
    sink.claim(Audience::Public, &search_public);
    sink.claim(Audience::Internal, &search_internal);
    let found = sink.scanner.scan(&search_public);
    sink.diags.items.extend(found);
    if sink.diags.has_errors() {
        return Err(sink.diags);
    }
    let t = std::time::Instant::now();
    sink.write(Audience::Public, &search_public);
    sink.write(Audience::Internal, &search_internal);
    drop((search_public, search_internal));
    // What a later status-only publish needs (internal only: it names internal pages).
    let (public_status, internal_status) = std::mem::take(&mut sink.status_paths);
    let manifest = output::manifest::Manifest::new(&site, status_only::fingerprint(opts, &site.config), public_status, internal_status);
    sink.write(Audience::Internal, &[manifest.file()]);
    sink.counts.1 -= 1;
    let Sink { counts, mut diags, .. } = sink;
    let Folders { public, internal, dirs } = folders;
    if diags.has_errors() {
        return Err(diags);
    }
    let swapped = swap_both(public, internal, &dirs);
    timing("write search files + swap", t);
    if let Err(d) = swapped {
        diags.push(d);
        return Err(diags);
    }
    Ok((Built { site, public_files: counts.0, internal_files: counts.1 }, diags))
}
