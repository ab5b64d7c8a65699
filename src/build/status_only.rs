//! Status-only publish (`incident … --build`, `maintenance … --build`): after an
//! incident or maintenance edit, regenerate only what depends on status
//! ([`output::status_files`]: status, history and incident pages, `/api/v2/*`, status
//! feeds, badge) for both sites, leak-scan the public files as a build does, and patch
//! them into the outputs of the last full build ([`write::patch`]). Articles and
//! runbooks are not read: the titles and URLs incident pages link to come from the
//! manifest the full build left ([`output::manifest`]), so the time does not grow with
//! the help center. Where that cannot be trusted (no manifest, another `site.yaml` or
//! theme or build options, a reference the manifest does not know) a full build runs.

use super::{build, output_dirs, timing, Built, Options};
use crate::config::Config;
use crate::content::{self, Audience, Content};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::manifest::Manifest;
use crate::output::write::{self, patch::Patched};
use crate::output::{self, leaks};
use crate::render::{self, templates::Templates};
use std::path::Path;

/// What [`publish`] did.
pub enum Published {
    /// Only the status files were regenerated; what changed in each site.
    Status { public: Patched, internal: Patched },
    /// A full build ran instead, for the reason given.
    Full { built: Box<Built>, reason: String },
}

/// A fingerprint of what status pages are built from besides incidents: frontline's
/// version, the build options, `site.yaml` and the theme's files. A full build
/// records it; a status-only publish runs only while it is the same.
pub fn fingerprint(opts: &Options, config: &Config) -> String {
    let mut key = format!("{}\n{:?}\n{}\n", env!("CARGO_PKG_VERSION"), opts.base_url, opts.drafts);
    let yaml = opts.root.join("site.yaml");
    match content::read_bytes(&yaml, &yaml, 1) {
        Ok(b) => key.push_str(&String::from_utf8_lossy(&b)),
        Err(_) => key.push_str("<no site.yaml>"),
    }
    let theme = opts.root.join("themes").join(&config.theme);
    for e in walkdir::WalkDir::new(&theme).sort_by_file_name().into_iter().flatten() {
        let modified = e.metadata().ok().and_then(|m| Some((m.len(), m.modified().ok()?)));
        key.push_str(&format!("\n{}:{modified:?}", e.path().display()));
    }
    crate::model::stable_id(&key)
}

/// Publish the status of `opts.root` into its outputs: status files only when the
/// last full build allows it, else a full build.
pub fn publish(opts: &Options) -> Result<(Published, Diagnostics), Diagnostics> {
    let full = |reason: String| build(opts).map(|(built, d)| (Published::Full { built: Box::new(built), reason }, d));
    let dirs = output_dirs(opts)?;
    for dir in [&dirs.0, &dirs.1] {
        if !write::guard::is_marked(dir) {
            return full(format!("{} holds no full build yet", dir.display()));
        }
    }
    let (config, config_diags) = Config::load_lenient(&opts.root);
    if config_diags.has_errors() {
        return full("site.yaml has errors".into());
    }
    let manifest = match Manifest::read(&dirs.1) {
        Ok(m) if m.fingerprint == fingerprint(opts, &config) => m,
        Ok(_) => return full("site.yaml, the theme or the build options changed since the last full build".into()),
        Err(why) => return full(why),
    };
    let t = std::time::Instant::now();
    let mut diags = config_diags;
    let Ok(templates) = Templates::load(&config) else {
        return full("the theme's templates have errors".into());
    };
    let incidents = content::load_incidents(&config, &config.content_dir().join("incidents"), opts.drafts, &mut diags);
    if diags.has_errors() {
        // The incident files themselves are wrong: a full build would say the same.
        return Err(diags);
    }
    let now = opts.now.unwrap_or_else(|| chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 0).fixed_offset());
    let content = Content {
        articles: manifest.articles.iter().map(|a| a.article()).collect(),
        runbooks: manifest.runbooks.iter().map(|r| r.runbook()).collect(),
        incidents,
        ..Content::default()
    };
    let (mut site, model_diags) = Site::new(config, content, now);
    let mut found = Diagnostics { items: model_diags };
    // Only the incidents have text to render; the articles are references.
    let links = render::Links::new(&site);
    found.items.extend(render::render_incidents(&mut site, &links));
    if found.has_errors() {
        return full("an incident names content the last full build does not have".into());
    }
    diags.items.extend(found.items.into_iter().filter(|d| d.path.starts_with(Path::new("content").join("incidents"))));
    timing("status-only: load incidents + model", t);
    let (public, internal) = rayon::join(
        || output::status_files(&site, Audience::Public, &templates),
        || output::status_files(&site, Audience::Internal, &templates),
    );
    let (public, internal) = match (public, internal) {
        (Ok(p), Ok(i)) => (p, i),
        (p, i) => {
            diags.items.extend(p.err().into_iter().chain(i.err()).flatten());
            return Err(diags);
        }
    };
    diags.items.extend(leaks::Scanner::new(&site).scan(&public));
    if diags.has_errors() {
        return Err(diags);
    }
    timing("status-only: generate + leak-scan", t);
    // A new status path where the full build put something else (an alias, a static
    // file) is a clash only a full build can report.
    for (files, old, dir) in [(&public, &manifest.public_files, &dirs.0), (&internal, &manifest.internal_files, &dirs.1)] {
        if files.iter().any(|f| !old.contains(&f.path) && dir.join(&f.path).exists()) {
            return full("a new status page would replace a file of the last full build".into());
        }
    }
    let paths = |files: &[output::OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    let (old_public, old_internal) = (manifest.public_files.clone(), manifest.internal_files.clone());
    let next = Manifest { public_files: paths(&public), internal_files: paths(&internal), ..manifest };
    let mut internal = internal;
    internal.push(next.file());
    let public_done = write::patch::patch(&dirs.0, &public, &old_public).map_err(|e| patch_error(&dirs.0, e))?;
    let internal_done = write::patch::patch(&dirs.1, &internal, &old_internal).map_err(|e| patch_error(&dirs.1, e))?;
    timing("status-only: write", t);
    Ok((Published::Status { public: public_done, internal: internal_done }, diags))
}

/// The code of an error after which some status files may already be the new ones.
pub const PATCH_FAILED: &str = "status-write";

/// Each status file is replaced whole, one by one: after a failure some may be new.
fn patch_error(dir: &Path, e: std::io::Error) -> Diagnostics {
    let d = Diagnostic::error(dir, 1, PATCH_FAILED, format!("cannot write the status files: {e}")).hint(
        "each file is either the old or the new one; fix the cause (disk space, permissions) and run the command again, or run `frontline build`",
    );
    Diagnostics { items: vec![d] }
}
