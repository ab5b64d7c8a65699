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

/// Load, render and generate both sites in memory.
pub fn generate(opts: &Options) -> Result<(Generated, Diagnostics), Diagnostics> {
    let t = std::time::Instant::now();
    let (site, templates, mut diags) = load(opts)?;
    timing("load + render markdown", t);
    let t = std::time::Instant::now();
    let (public, internal) =
        rayon::join(|| output::generate(&site, Audience::Public, &templates), || output::generate(&site, Audience::Internal, &templates));
    let mut take = |r: Result<Vec<OutputFile>, Vec<Diagnostic>>| {
        r.unwrap_or_else(|e| {
            diags.items.extend(e);
            Vec::new()
        })
    };
    let mut public = take(public);
    let mut internal = take(internal);
    timing("generate pages (both audiences)", t);
    let t = std::time::Instant::now();
    // Search runs outside the rayon pool: Pagefind uses rayon itself.
    if !diags.has_errors() && opts.search {
        for (files, audience) in [(&mut public, Audience::Public), (&mut internal, Audience::Internal)] {
            match output::search::index(&site, audience, files) {
                Ok(extra) => files.extend(extra),
                Err(e) => diags.push(e),
            }
        }
    }
    timing("search index", t);
    let t = std::time::Instant::now();
    if !diags.has_errors() {
        diags.items.extend(output::leaks::scan(&site, &public));
    }
    timing("leak scan", t);
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
pub fn build(opts: &Options) -> Result<(Generated, Diagnostics), Diagnostics> {
    let (g, mut diags) = generate(opts)?;
    let t = std::time::Instant::now();
    for (dir, files) in [(opts.out_dir(), &g.public), (opts.internal_dir(), &g.internal)] {
        if let Err(e) = write::write_site(&dir, files) {
            diags.push(
                Diagnostic::error(&dir, 1, "io", format!("cannot write the output folder: {e}"))
                    .hint("check free disk space and permissions; the previous output was left as it was"),
            );
            return Err(diags);
        }
    }
    timing("write", t);
    Ok((g, diags))
}
