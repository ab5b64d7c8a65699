//! The pipeline: config -> content -> model -> render -> generate (both
//! audiences) -> write. `check` runs the same pipeline without writing.

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
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options { root: root.into(), out: None, internal_out: None, base_url: None, now: None, drafts: false, search: true }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }

    pub fn internal_dir(&self) -> PathBuf {
        self.internal_out.clone().unwrap_or_else(|| self.root.join("internal"))
    }
}

/// Both generated sites, in memory.
pub struct Generated {
    pub site: Site,
    pub public: Vec<OutputFile>,
    pub internal: Vec<OutputFile>,
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
    let templates = Templates::load(&opts.root, &config.theme);
    let content = content::load(&config, opts.drafts, &mut diags);
    let (mut site, model_diags) = Site::new(config, content, now);
    diags.items.extend(model_diags);
    diags.items.extend(render::render_site(&mut site));
    match templates {
        Ok(t) if !diags.has_errors() => Ok((site, t, diags)),
        Ok(_) => Err(diags),
        Err(e) => {
            diags.items.extend(e);
            Err(diags)
        }
    }
}

/// One audience's files, with its search index when `search` is set.
pub fn generate_audience(site: &Site, templates: &Templates, audience: Audience, search: bool) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = output::generate(site, audience, templates)?;
    if search {
        files.extend(output::search::index(site, audience, &files).map_err(|e| vec![e])?);
    }
    Ok(files)
}

/// Both audiences' pages (no search index yet); errors go to `diags`.
fn pages(site: &Site, templates: &Templates, diags: &mut Diagnostics) -> (Vec<OutputFile>, Vec<OutputFile>) {
    let t = std::time::Instant::now();
    let (public, internal) =
        rayon::join(|| output::generate(site, Audience::Public, templates), || output::generate(site, Audience::Internal, templates));
    let mut take = |r: Result<Vec<OutputFile>, Vec<Diagnostic>>| {
        r.unwrap_or_else(|e| {
            diags.items.extend(e);
            Vec::new()
        })
    };
    let pages = (take(public), take(internal));
    timing("generate pages (both audiences)", t);
    pages
}

/// Search files for the public and the internal site, from their pages (errors to `diags`).
fn search(site: &Site, public: &[OutputFile], internal: &[OutputFile], diags: &mut Diagnostics) -> (Vec<OutputFile>, Vec<OutputFile>) {
    let t = std::time::Instant::now();
    let mut r = output::search::index_all(site, &[(Audience::Public, public), (Audience::Internal, internal)]).into_iter();
    let mut take = |r: Option<Result<Vec<OutputFile>, Diagnostic>>| match r {
        Some(Ok(files)) => files,
        Some(Err(e)) => {
            diags.push(e);
            Vec::new()
        }
        None => Vec::new(),
    };
    let out = (take(r.next()), take(r.next()));
    timing("search index (both audiences)", t);
    out
}

fn leak_scan(scanner: &output::leaks::Scanner, public: &[OutputFile], diags: &mut Diagnostics) {
    let t = std::time::Instant::now();
    diags.items.extend(scanner.scan(public));
    timing("leak scan", t);
}

/// Load, render and generate both sites in memory (`check`, tests).
pub fn generate(opts: &Options) -> Result<(Generated, Diagnostics), Diagnostics> {
    let t = std::time::Instant::now();
    let (site, templates, mut diags) = load(opts)?;
    timing("load + render markdown", t);
    let (mut public, mut internal) = pages(&site, &templates, &mut diags);
    if !diags.has_errors() && opts.search {
        let (p, i) = search(&site, &public, &internal, &mut diags);
        public.extend(p);
        internal.extend(i);
    }
    if !diags.has_errors() {
        leak_scan(&output::leaks::Scanner::new(&site), &public, &mut diags);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((Generated { site, public, internal }, diags))
}

/// With `FRONTLINE_TIMING=1`, print how long a phase took (benchmarks, profiling).
pub fn timing(phase: &str, since: std::time::Instant) {
    if std::env::var_os("FRONTLINE_TIMING").is_some() {
        eprintln!("timing: {phase}: {} ms", since.elapsed().as_millis());
    }
}

/// Build and write both sites. Nothing is written when there is any error.
///
/// Pages are written into temporary folders while the search indexes are built on
/// another thread; the search files are leak-scanned and added when ready, then both
/// folders are swapped in. Any error drops the temporary folders.
pub fn build(opts: &Options) -> Result<(Generated, Diagnostics), Diagnostics> {
    let t = std::time::Instant::now();
    let (site, templates, mut diags) = load(opts)?;
    timing("load + render markdown", t);
    let (mut public, mut internal) = pages(&site, &templates, &mut diags);
    let t = std::time::Instant::now();
    let scanner = output::leaks::Scanner::new(&site);
    timing("leak scan: internal-only text", t);
    if !diags.has_errors() {
        leak_scan(&scanner, &public, &mut diags);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let io_error = |dir: &std::path::Path, e: std::io::Error| {
        Diagnostic::error(dir, 1, "io", format!("cannot write the output folder: {e}"))
            .hint("check free disk space and permissions; the previous output was left as it was")
    };
    let (out, internal_out) = (opts.out_dir(), opts.internal_dir());
    let (staged, found) = std::thread::scope(|s| {
        let indexer = s.spawn(|| {
            let mut d = Diagnostics::default();
            let files = if opts.search { search(&site, &public, &internal, &mut d) } else { Default::default() };
            (files, d)
        });
        let t = std::time::Instant::now();
        let staged = (|| -> Result<_, Diagnostic> {
            let mut p = write::Staged::new(&out).map_err(|e| io_error(&out, e))?;
            p.write(&public).map_err(|e| io_error(&out, e))?;
            let mut i = write::Staged::new(&internal_out).map_err(|e| io_error(&internal_out, e))?;
            i.write(&internal).map_err(|e| io_error(&internal_out, e))?;
            Ok((p, i))
        })();
        timing("write pages (beside the search index)", t);
        let found = indexer.join().unwrap_or_else(|_| {
            let d = Diagnostic::error("<search>", 1, "search-index", "the search indexer crashed");
            ((Vec::new(), Vec::new()), Diagnostics { items: vec![d] })
        });
        (staged, found)
    });
    let ((search_public, search_internal), search_diags) = found;
    diags.extend(search_diags);
    let (mut staged_public, mut staged_internal) = match staged {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    if !diags.has_errors() {
        leak_scan(&scanner, &search_public, &mut diags);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let t = std::time::Instant::now();
    let written = staged_public
        .write(&search_public)
        .map_err(|e| io_error(&out, e))
        .and_then(|_| staged_internal.write(&search_internal).map_err(|e| io_error(&internal_out, e)))
        .and_then(|_| staged_public.commit().map_err(|e| io_error(&out, e)))
        .and_then(|_| staged_internal.commit().map_err(|e| io_error(&internal_out, e)));
    timing("write search files + swap", t);
    if let Err(d) = written {
        diags.push(d);
        return Err(diags);
    }
    public.extend(search_public);
    internal.extend(search_internal);
    Ok((Generated { site, public, internal }, diags))
}
