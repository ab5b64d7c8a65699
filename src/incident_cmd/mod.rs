//! Incident commanders' commands stage (`incident open|update|resolve|reopen`,
//! `maintenance schedule`): check the arguments against site.yaml and the SPEC's status
//! lists, find the incident ([`find`]: id, fragment or title), check the update's time
//! ([`time`]), edit its file losslessly ([`edit`]) under an exclusive lock ([`lock`]),
//! re-check the result with the incident parser, write it atomically (temp file +
//! rename), and return the new updates for [`broadcast`]. `incident list` is [`list`].
//! Printing is the CLI's job.

pub mod broadcast;
pub mod edit;
pub mod find;
pub mod list;
pub mod lock;
pub mod time;

use crate::config::Config;
use crate::content::incident::{self, ComponentStatus, Impact, Incident, INCIDENT_STATUSES, MAINTENANCE_STATUSES};
use crate::content::slug::slugify;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use edit::NewUpdate;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use time::{fmt, parse_time, Time, When};

/// Why a command did nothing.
#[derive(Debug)]
pub enum CmdError {
    /// Bad arguments (exit 2): unknown slug, component, status or impact, a bad time,
    /// an existing file. The message names the bad value and the allowed ones.
    Usage(String),
    /// The site or the incident file has errors (exit 1).
    Content(Diagnostics),
}

/// What a successful command did.
#[derive(Debug)]
pub struct Outcome {
    /// The written file (under `--root`).
    pub path: PathBuf,
    pub config: Config,
    /// The incident as parsed from the written file.
    pub incident: Incident,
    /// Indices into `incident.updates` of the updates this command added.
    pub new_updates: Vec<usize>,
    /// Warnings from parsing the written file.
    pub warnings: Diagnostics,
    /// Things the commander should know (e.g. "was already resolved").
    pub notes: Vec<String>,
}

pub struct OpenArgs {
    pub title: String,
    pub impact: String,
    /// `id=status` (or a bare `id`: status from the impact); a name works as an id.
    pub components: Vec<String>,
    pub message: String,
    pub when: When,
}

pub struct UpdateArgs {
    pub slug: String,
    /// `None`: the status of the latest update.
    pub status: Option<String>,
    pub message: String,
    pub components: Vec<String>,
    pub when: When,
}

pub struct ResolveArgs {
    pub slug: String,
    pub message: String,
    pub when: When,
}

pub struct ReopenArgs {
    pub slug: String,
    /// `None`: `investigating` (maintenance: `in_progress`).
    pub status: Option<String>,
    pub message: String,
    /// `id=status`; without any, the components go back to their statuses before the resolve.
    pub components: Vec<String>,
    pub when: When,
}

pub struct ScheduleArgs {
    pub title: String,
    pub start: String,
    pub end: String,
    /// `id` (or `id=status`; default `under_maintenance`).
    pub components: Vec<String>,
    pub message: String,
    /// Time of the `scheduled` update; default now.
    pub when: When,
}

pub use lock::lock_path;

fn usage(msg: impl Into<String>) -> CmdError {
    CmdError::Usage(msg.into())
}

fn content_error(path: &Path, code: &'static str, msg: impl Into<String>) -> CmdError {
    CmdError::Content(Diagnostics { items: vec![Diagnostic::error(path, 1, code, msg)] })
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> CmdError {
    content_error(path, "io", format!("cannot {what} {}: {e}", path.display()))
}

/// `incident open`: a new incident file with one `investigating` update.
pub fn open(root: &Path, a: &OpenArgs) -> Result<Outcome, CmdError> {
    let config = load_config(root)?;
    let title = non_empty(&a.title, "the title")?;
    let message = non_empty(&a.message, "--message")?;
    let impact = Impact::parse(&a.impact).ok_or_else(|| bad_value("impact", &a.impact, &Impact::ALL))?;
    let default = match impact {
        Impact::Critical | Impact::Major => ComponentStatus::MajorOutage,
        Impact::Minor => ComponentStatus::PartialOutage,
        Impact::None => ComponentStatus::DegradedPerformance,
    };
    let components = component_args(&config, &a.components, Some(default))?;
    let at = a.when.time(config.timezone)?;
    a.when.check(&at, config.timezone, None)?;
    let mut fm = format!("title: {}\nimpact: {}\nkind: incident\n", edit::quote(title), impact.as_str());
    push_components(&mut fm, &components);
    fm.push_str(&format!("started: {}\nupdates:\n", at.text));
    let u = NewUpdate { at: at.text.clone(), status: "investigating".into(), message: message.into(), components: Vec::new() };
    create(config, &at.date, title, fm, u)
}

/// `maintenance schedule`: a new maintenance file with one `scheduled` update.
pub fn schedule(root: &Path, a: &ScheduleArgs) -> Result<Outcome, CmdError> {
    let config = load_config(root)?;
    let title = non_empty(&a.title, "the title")?;
    let message = non_empty(&a.message, "--message")?;
    let start = parse_time(&a.start, a.when.now, config.timezone, "--start")?;
    let end = parse_time(&a.end, a.when.now, config.timezone, "--end")?;
    if end.time <= start.time {
        return Err(usage(format!("--end ({}) must be after --start ({})", end.text, start.text)));
    }
    let components = component_args(&config, &a.components, Some(ComponentStatus::UnderMaintenance))?;
    let at = a.when.time(config.timezone)?;
    a.when.check(&at, config.timezone, None)?;
    let mut fm = format!("title: {}\nkind: maintenance\nimpact: none\n", edit::quote(title));
    fm.push_str(&format!("scheduled_start: {}\nscheduled_end: {}\nstarted: {}\n", start.text, end.text, start.text));
    push_components(&mut fm, &components);
    fm.push_str("updates:\n");
    let u = NewUpdate { at: at.text, status: "scheduled".into(), message: message.into(), components: Vec::new() };
    create(config, &start.date, title, fm, u)
}

fn push_components(fm: &mut String, components: &[(String, String)]) {
    if !components.is_empty() {
        fm.push_str("components:\n");
        for (id, st) in components {
            fm.push_str(&format!("  {id}: {st}\n"));
        }
    }
}

/// Write `content/incidents/<date>-<slug of title>.md`; never overwrites.
fn create(config: Config, date: &str, title: &str, mut fm: String, u: NewUpdate) -> Result<Outcome, CmdError> {
    let id = format!("{date}-{}", slugify(title));
    let dir = incidents_dir(&config);
    let _lock = lock::acquire(&config.root)?;
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, "create", e))?;
    let path = dir.join(format!("{id}.md"));
    // Only the ids matter here; the walk's problems are the build's to report.
    if path.exists() || find::incident_files(&config.root, &dir).0.iter().any(|(other, _)| *other == id) {
        return Err(usage(format!(
            "{} already exists; post to it with `frontline incident update {id} ...`, or choose another title",
            path.display()
        )));
    }
    // The single update goes through the same writer as later ones.
    fm = edit::append_update(&format!("---\n{fm}---\n"), &u).map_err(|e| content_error(&path, "cannot-edit", e))?;
    let shown = path.strip_prefix(&config.root).unwrap_or(&path).to_path_buf();
    let (incident, warnings) = check(&config, &shown, &fm)?;
    write_atomic(&path, &fm).map_err(|e| io_error(&path, "write", e))?;
    let new_updates = vec![incident.updates.len().saturating_sub(1)];
    Ok(Outcome { path, config, incident, new_updates, warnings, notes: Vec::new() })
}

fn allowed_statuses(inc: &Incident) -> &'static [&'static str] {
    if inc.is_maintenance() {
        &MAINTENANCE_STATUSES
    } else {
        &INCIDENT_STATUSES
    }
}

/// `status` when it is one of `allowed` for `inc`'s kind, else a usage error.
fn valid_status<'a>(inc: &Incident, status: &'a str, allowed: &[&str]) -> Result<&'a str, CmdError> {
    let status = status.trim();
    if allowed.contains(&status) {
        return Ok(status);
    }
    Err(bad_value(&format!("{} status", kind_word(inc)), status, allowed))
}

/// `incident update`: append one update; `resolved`/`completed` also sets `resolved:`.
/// Without `--status` the update keeps the status of the latest one.
pub fn update(root: &Path, a: &UpdateArgs) -> Result<Outcome, CmdError> {
    let config = load_config(root)?;
    let message = non_empty(&a.message, "--message")?.to_string();
    let components = component_args(&config, &a.components, None)?;
    edit_existing(config, &a.slug, &a.when, |inc, text, at, notes| {
        let status = match &a.status {
            Some(s) => valid_status(inc, s, allowed_statuses(inc))?.to_string(),
            None => latest_status(inc),
        };
        let u = NewUpdate { at: at.text.clone(), status: status.clone(), message: message.clone(), components: components.clone() };
        let text = edit::append_update(text, &u)?;
        if (status == "resolved" || status == "completed") && inc.resolved.is_none() {
            return Ok((edit::set_resolved(&text, &at.text)?, u));
        }
        if let Some(r) = inc.resolved {
            notes.push(format!(
                "this {} stays resolved (since {}); to reopen it: frontline incident reopen {} --message \"...\"",
                kind_word(inc),
                fmt(r),
                inc.id
            ));
        }
        Ok((text, u))
    })
}

/// The status of the incident's latest update (by time; the last of equal ones).
fn latest_status(inc: &Incident) -> String {
    let latest = inc.updates.iter().enumerate().max_by_key(|(i, u)| (u.at, *i)).map(|(_, u)| u.status.clone());
    latest.unwrap_or_else(|| if inc.is_maintenance() { "scheduled" } else { "investigating" }.into())
}

/// `incident resolve`: a `resolved` (maintenance: `completed`) update that sets every
/// affected component back to `operational`, and `resolved: <at>`.
pub fn resolve(root: &Path, a: &ResolveArgs) -> Result<Outcome, CmdError> {
    let config = load_config(root)?;
    let message = non_empty(&a.message, "--message")?.to_string();
    edit_existing(config, &a.slug, &a.when, |inc, text, at, _| {
        if let Some(r) = inc.resolved {
            // Resolving again would move `resolved:` and rewrite the incident's history.
            return Err(EditError::Usage(usage(format!(
                "`{}` is already resolved (since {}). To add a note to it: \
                 frontline incident update {} --status {} --message \"...\"; to reopen it: frontline incident reopen {} --message \"...\"",
                inc.id,
                fmt(r),
                inc.id,
                if inc.is_maintenance() { "completed" } else { "resolved" },
                inc.id
            ))));
        }
        let status = if inc.is_maintenance() { "completed" } else { "resolved" };
        let mut components: Vec<(String, String)> = Vec::new();
        let all = inc.components.iter().chain(inc.updates.iter().flat_map(|u| u.components.iter().flatten()));
        for (id, _) in all {
            if !components.iter().any(|(c, _)| c == id) {
                components.push((id.clone(), ComponentStatus::Operational.as_str().into()));
            }
        }
        let u = NewUpdate { at: at.text.clone(), status: status.into(), message: message.clone(), components };
        let text = edit::append_update(text, &u)?;
        Ok((edit::set_resolved(&text, &at.text)?, u))
    })
}

/// `incident reopen`: remove `resolved:` and post an update (`investigating`, for
/// maintenance `in_progress`, unless `--status`). Without `--component` the update
/// puts the components back as they were before the incident was resolved.
pub fn reopen(root: &Path, a: &ReopenArgs) -> Result<Outcome, CmdError> {
    let config = load_config(root)?;
    let message = non_empty(&a.message, "--message")?.to_string();
    let given = component_args(&config, &a.components, None)?;
    edit_existing(config, &a.slug, &a.when, |inc, text, at, _| {
        let Some(resolved) = inc.resolved else {
            return Err(EditError::Usage(usage(format!(
                "`{}` is not resolved; post to it with: frontline incident update {} --message \"...\"",
                inc.id, inc.id
            ))));
        };
        let open: Vec<&str> = allowed_statuses(inc).iter().copied().filter(|s| !matches!(*s, "resolved" | "completed")).collect();
        let status = match &a.status {
            Some(s) => valid_status(inc, s, &open)?,
            None if inc.is_maintenance() => "in_progress",
            None => "investigating",
        };
        let components = if given.is_empty() { statuses_before(inc, resolved) } else { given.clone() };
        let u = NewUpdate { at: at.text.clone(), status: status.into(), message: message.clone(), components };
        let text = edit::clear_resolved(text)?;
        Ok((edit::append_update(&text, &u)?, u))
    })
}

/// Each component's status just before `resolved` (the incident's `components`, then
/// its updates before that time), for those that were not `operational`.
fn statuses_before(inc: &Incident, resolved: chrono::DateTime<chrono::FixedOffset>) -> Vec<(String, String)> {
    let mut out: Vec<(String, ComponentStatus)> = inc.components.clone();
    for u in inc.updates.iter().filter(|u| u.at < resolved) {
        for (id, st) in u.components.iter().flatten() {
            match out.iter_mut().find(|(c, _)| c == id) {
                Some(slot) => slot.1 = *st,
                None => out.push((id.clone(), *st)),
            }
        }
    }
    out.into_iter().filter(|(_, st)| *st != ComponentStatus::Operational).map(|(id, st)| (id, st.as_str().into())).collect()
}

fn kind_word(inc: &Incident) -> &'static str {
    if inc.is_maintenance() {
        "maintenance"
    } else {
        "incident"
    }
}

/// An edit refused: a usage problem (bad status) or a text the editor cannot handle.
enum EditError {
    Usage(CmdError),
    Text(String),
}

impl From<String> for EditError {
    fn from(s: String) -> Self {
        EditError::Text(s)
    }
}

impl From<CmdError> for EditError {
    fn from(e: CmdError) -> Self {
        EditError::Usage(e)
    }
}

/// Lock, find, read, parse, edit, check the time, re-parse, write. The lock is held
/// throughout (and "now" is read under it), so concurrent commands on the same site
/// apply one after another, in time order, and none is lost.
fn edit_existing(
    config: Config,
    slug: &str,
    when: &When,
    f: impl FnOnce(&Incident, &str, &Time, &mut Vec<String>) -> Result<(String, NewUpdate), EditError>,
) -> Result<Outcome, CmdError> {
    let dir = incidents_dir(&config);
    if !dir.is_dir() {
        return Err(usage(format!(
            "there are no incidents yet ({} does not exist); start one with `frontline incident open`",
            dir.display()
        )));
    }
    let _lock = lock::acquire(&config.root)?;
    let path = find::find_incident(&config, &dir, slug, when.now())?;
    // Bounded, and only a regular file (never a FIFO or a device behind a link); a lone
    // CR is read as a line end, as `build` reads it, and the file is written back with LF.
    let (shown, text) = find::read(&config, &path)?;
    let parse_text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (before, diags) = incident::parse(&config, &shown, parse_text);
    let Some(before) = before else {
        return Err(CmdError::Content(Diagnostics { items: diags }));
    };
    let at = when.time(config.timezone)?;
    let mut notes = Vec::new();
    let (new_text, u) = match f(&before, &text, &at, &mut notes) {
        Ok(r) => r,
        Err(EditError::Usage(e)) => return Err(e),
        Err(EditError::Text(msg)) => return Err(content_error(&shown, "cannot-edit", msg)),
    };
    when.check(&at, config.timezone, Some(&before))?;
    let (incident, warnings) = check(&config, &shown, new_text.strip_prefix('\u{feff}').unwrap_or(&new_text))?;
    write_atomic(&path, &new_text).map_err(|e| io_error(&path, "write", e))?;
    let new_update = incident.updates.iter().rposition(|x| fmt(x.at) == u.at && x.status == u.status && x.message == u.message.trim());
    Ok(Outcome { path, config, incident, new_updates: new_update.into_iter().collect(), warnings, notes })
}

/// Parse the edited text; any error refuses the edit (nothing is written).
fn check(config: &Config, shown: &Path, text: &str) -> Result<(Incident, Diagnostics), CmdError> {
    let (inc, items) = incident::parse(config, shown, text);
    let diags = Diagnostics { items };
    match inc {
        Some(inc) if !diags.has_errors() => Ok((inc, diags)),
        _ => Err(CmdError::Content(diags)),
    }
}

fn load_config(root: &Path) -> Result<Config, CmdError> {
    Config::load(root).map_err(CmdError::Content)
}

fn incidents_dir(config: &Config) -> PathBuf {
    config.content_dir().join("incidents")
}

fn non_empty<'a>(s: &'a str, what: &str) -> Result<&'a str, CmdError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(usage(format!("{what} is empty; write it in quotes, e.g. \"Card payments are failing\"")));
    }
    Ok(t)
}

fn bad_value(what: &str, value: &str, allowed: &[&str]) -> CmdError {
    let hint = did_you_mean(value, allowed.iter().copied()).map_or(String::new(), |h| format!("did you mean `{h}`? "));
    usage(format!("unknown {what} `{value}`; {hint}allowed: {}", allowed.join(", ")))
}

/// `--component id=status` arguments -> canonical `(id, status)`, last one per id wins.
/// A bare `id` takes `default` (or is refused when there is none).
fn component_args(config: &Config, args: &[String], default: Option<ComponentStatus>) -> Result<Vec<(String, String)>, CmdError> {
    let ids: Vec<&str> = config.components.iter().map(|c| c.id.as_str()).collect();
    let mut out: Vec<(String, String)> = Vec::new();
    for arg in args {
        let (name, status) = match arg.split_once('=') {
            Some((n, s)) => (n.trim(), Some(s.trim())),
            None => (arg.trim(), None),
        };
        let Some(id) = config.find_component(name) else {
            if ids.is_empty() {
                return Err(usage(format!(
                    "unknown component `{name}`: site.yaml defines no components (add them under `status: components:`)"
                )));
            }
            return Err(bad_value("component", name, &ids));
        };
        let status = match (status, default) {
            (Some(s), _) => ComponentStatus::parse(s).ok_or_else(|| {
                let hint = did_you_mean(s, ComponentStatus::ALL).map_or(String::new(), |h| format!("did you mean `{h}`? "));
                usage(format!("unknown component status `{s}` (for `{id}`); {hint}allowed: {}", ComponentStatus::ALL.join(", ")))
            })?,
            (None, Some(d)) => d,
            (None, None) => {
                return Err(usage(format!(
                    "--component {name} needs a status: --component {id}=STATUS ({})",
                    ComponentStatus::ALL.join(", ")
                )))
            }
        };
        match out.iter_mut().find(|(c, _)| c == id) {
            Some(slot) => slot.1 = status.as_str().into(),
            None => out.push((id.to_string(), status.as_str().into())),
        }
    }
    Ok(out)
}

/// Write via a temp file in the same folder + rename, so readers (and `serve`) see the
/// old or the new file, never half of one. Keeps the old file's permissions; a
/// symbolic link is written through (its target is replaced, the link stays).
fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let path = real.as_path();
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(path) {
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
