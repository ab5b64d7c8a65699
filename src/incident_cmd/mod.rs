//! Incident commanders' commands stage (`incident open|update|resolve`, `maintenance
//! schedule`): check the arguments against site.yaml and the SPEC's status lists, find
//! the incident by id or suffix, edit its file losslessly ([`edit`]) under an exclusive
//! lock, re-check the result with the incident parser, write it atomically (temp file +
//! rename), and return the new updates for [`broadcast`]. Printing is the CLI's job.

pub mod broadcast;
pub mod edit;
pub mod lock;

use crate::config::Config;
use crate::content::incident::{self, ComponentStatus, Impact, Incident, INCIDENT_STATUSES, MAINTENANCE_STATUSES};
use crate::content::slug::slugify;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use chrono::{DateTime, FixedOffset, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone};
use chrono_tz::Tz;
use edit::NewUpdate;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// `id=status` (or a bare `id`: status from the impact).
    pub components: Vec<String>,
    pub message: String,
    pub at: Option<String>,
    /// "Now" when given (`--now` / env FRONTLINE_NOW), else the clock.
    pub now: Option<DateTime<FixedOffset>>,
}

pub struct UpdateArgs {
    pub slug: String,
    pub status: String,
    pub message: String,
    pub components: Vec<String>,
    pub at: Option<String>,
    /// "Now" when given (`--now` / env FRONTLINE_NOW), else the clock.
    pub now: Option<DateTime<FixedOffset>>,
}

pub struct ResolveArgs {
    pub slug: String,
    pub message: String,
    pub at: Option<String>,
    /// "Now" when given (`--now` / env FRONTLINE_NOW), else the clock.
    pub now: Option<DateTime<FixedOffset>>,
}

pub struct ScheduleArgs {
    pub title: String,
    pub start: String,
    pub end: String,
    /// `id` (or `id=status`; default `under_maintenance`).
    pub components: Vec<String>,
    pub message: String,
    /// Time of the `scheduled` update; default now.
    pub at: Option<String>,
    /// "Now" when given (`--now` / env FRONTLINE_NOW), else the clock.
    pub now: Option<DateTime<FixedOffset>>,
}

pub use lock::LOCK_FILE;

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
    let at = at_or_now(a.at.as_deref(), a.now, config.timezone)?;
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
    let start = parse_time(&a.start, a.now, config.timezone, "--start")?;
    let end = parse_time(&a.end, a.now, config.timezone, "--end")?;
    if end.time <= start.time {
        return Err(usage(format!("--end ({}) must be after --start ({})", end.text, start.text)));
    }
    let components = component_args(&config, &a.components, Some(ComponentStatus::UnderMaintenance))?;
    let at = at_or_now(a.at.as_deref(), a.now, config.timezone)?;
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
    let _lock = lock::acquire(&dir)?;
    let path = dir.join(format!("{id}.md"));
    if path.exists() || incident_files(&dir).iter().any(|(other, _)| *other == id) {
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

/// `incident update`: append one update; `resolved`/`completed` also sets `resolved:`.
pub fn update(root: &Path, a: &UpdateArgs) -> Result<Outcome, CmdError> {
    let config = load_config(root)?;
    let message = non_empty(&a.message, "--message")?.to_string();
    let components = component_args(&config, &a.components, None)?;
    let at = at_or_now(a.at.as_deref(), a.now, config.timezone)?;
    edit_existing(config, &a.slug, |inc, text, notes| {
        let allowed: &[&str] = if inc.is_maintenance() { &MAINTENANCE_STATUSES } else { &INCIDENT_STATUSES };
        let status = a.status.trim();
        if !allowed.contains(&status) {
            let kind = if inc.is_maintenance() { "maintenance" } else { "incident" };
            return Err(bad_value(&format!("{kind} status"), status, allowed).into());
        }
        let u = NewUpdate { at: at.text.clone(), status: status.into(), message: message.clone(), components: components.clone() };
        let text = edit::append_update(text, &u)?;
        if (status == "resolved" || status == "completed") && inc.resolved.is_none() {
            return Ok((edit::set_resolved(&text, &at.text)?, u));
        }
        if let Some(r) = inc.resolved {
            notes.push(format!("this {} stays resolved (since {}); delete its `resolved:` line to reopen it", kind_word(inc), fmt(r)));
        }
        Ok((text, u))
    })
}

/// `incident resolve`: a `resolved` (maintenance: `completed`) update that sets every
/// affected component back to `operational`, and `resolved: <at>`.
pub fn resolve(root: &Path, a: &ResolveArgs) -> Result<Outcome, CmdError> {
    let config = load_config(root)?;
    let message = non_empty(&a.message, "--message")?.to_string();
    let at = at_or_now(a.at.as_deref(), a.now, config.timezone)?;
    edit_existing(config, &a.slug, |inc, text, _| {
        if let Some(r) = inc.resolved {
            // Resolving again would move `resolved:` and rewrite the incident's history.
            return Err(EditError::Usage(usage(format!(
                "`{}` is already resolved (since {}). To add a note to it: \
                 frontline incident update {} --status {} --message \"...\"",
                inc.id,
                fmt(r),
                inc.id,
                if inc.is_maintenance() { "completed" } else { "resolved" }
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

/// Lock, find, read, parse, edit, re-parse, write. The lock is held throughout, so
/// concurrent commands on the same site apply one after another and none is lost.
fn edit_existing(
    config: Config,
    slug: &str,
    f: impl FnOnce(&Incident, &str, &mut Vec<String>) -> Result<(String, NewUpdate), EditError>,
) -> Result<Outcome, CmdError> {
    let dir = incidents_dir(&config);
    if !dir.is_dir() {
        return Err(usage(format!(
            "there are no incidents yet ({} does not exist); start one with `frontline incident open`",
            dir.display()
        )));
    }
    let _lock = lock::acquire(&dir)?;
    let (_, path) = find_incident(&dir, slug)?;
    let shown = path.strip_prefix(&config.root).unwrap_or(&path).to_path_buf();
    // Bounded, and only a regular file (never a FIFO or a device behind a link).
    let mut bytes = crate::content::read_bytes(&shown, &path, crate::content::MAX_FILE_MIB)
        .map_err(|d| CmdError::Content(Diagnostics { items: vec![d] }))?;
    // As `build` reads it (a lone CR is a line end); the file is written back with LF.
    crate::content::lone_cr_to_lf(&mut bytes);
    let text = String::from_utf8(bytes).map_err(|_| content_error(&shown, "invalid-utf8", "the file is not UTF-8; save it as UTF-8"))?;
    let parse_text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (before, diags) = incident::parse(&config, &shown, parse_text);
    let Some(before) = before else {
        return Err(CmdError::Content(Diagnostics { items: diags }));
    };
    let mut notes = Vec::new();
    let (new_text, u) = match f(&before, &text, &mut notes) {
        Ok(r) => r,
        Err(EditError::Usage(e)) => return Err(e),
        Err(EditError::Text(msg)) => return Err(content_error(&shown, "cannot-edit", msg)),
    };
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
        let Some(id) = incident::find_component(config, name) else {
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

/// A time given on the command line, normalised to the site's timezone.
#[derive(Debug, Clone)]
struct Time {
    time: DateTime<FixedOffset>,
    /// RFC 3339 with offset, seconds precision.
    text: String,
    /// `YYYY-MM-DD` in the site's timezone.
    date: String,
}

fn fmt(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn in_tz(t: DateTime<FixedOffset>, tz: Tz) -> Time {
    let local = t.with_timezone(&tz);
    let text = local.to_rfc3339_opts(SecondsFormat::Secs, false);
    let time = DateTime::parse_from_rfc3339(&text).unwrap_or(t);
    Time { time, text, date: local.format("%Y-%m-%d").to_string() }
}

fn at_or_now(at: Option<&str>, now: Option<DateTime<FixedOffset>>, tz: Tz) -> Result<Time, CmdError> {
    match at {
        Some(s) => parse_time(s, now, tz, "--at"),
        None => Ok(in_tz(now.unwrap_or_else(|| chrono::Utc::now().fixed_offset()), tz)),
    }
}

/// RFC 3339, or `YYYY-MM-DD[T ]HH:MM[:SS]` / `HH:MM[:SS]` (today) in the site's timezone.
/// `now` (default: the clock) gives the day of `HH:MM`.
fn parse_time(s: &str, now: Option<DateTime<FixedOffset>>, tz: Tz, flag: &str) -> Result<Time, CmdError> {
    let s = s.trim();
    let t = parse_any_time(s, now, tz, flag)?;
    // The build refuses such a time (dates::FIRST_YEAR..=LAST_YEAR): never write one.
    let year = chrono::Datelike::year(&t.time);
    if !(crate::dates::FIRST_YEAR..=crate::dates::LAST_YEAR).contains(&year) {
        return Err(usage(format!(
            "{flag} `{s}`: year {year} is outside {}–{}; use a time such as 2026-11-20T10:04:00+03:00",
            crate::dates::FIRST_YEAR,
            crate::dates::LAST_YEAR
        )));
    }
    Ok(t)
}

fn parse_any_time(s: &str, now: Option<DateTime<FixedOffset>>, tz: Tz, flag: &str) -> Result<Time, CmdError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(in_tz(t, tz));
    }
    let naive = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| {
            let t = NaiveTime::parse_from_str(s, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(s, "%H:%M")).ok()?;
            Some(now.unwrap_or_else(|| chrono::Utc::now().fixed_offset()).with_timezone(&tz).date_naive().and_time(t))
        });
    let local = naive.and_then(|n| tz.from_local_datetime(&n).earliest());
    match local {
        Some(t) => Ok(in_tz(t.fixed_offset(), tz)),
        None => Err(usage(format!(
            "{flag} `{s}` is not a time; use RFC 3339 (2026-11-20T10:04:00+03:00) or `2026-11-20 10:04` / `10:04` in the site's timezone ({tz})"
        ))),
    }
}

/// Incident files under `dir` as `(id, path)`, sorted by id. Like the build, this
/// walks sub-folders and skips hidden entries (the lock file, temp files).
fn incident_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let walker = walkdir::WalkDir::new(dir).follow_links(true).into_iter();
    let mut out: Vec<(String, PathBuf)> = walker
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let id = e.file_name().to_str()?.strip_suffix(".md")?.to_string();
            (!id.is_empty()).then(|| (id, e.into_path()))
        })
        .collect();
    out.sort();
    out
}

/// The incident for `slug`: the exact id, else the one id ending in `-<slug>`, else the
/// one id ending in `<slug>`. None or several -> a usage error listing candidates.
fn find_incident(dir: &Path, slug: &str) -> Result<(String, PathBuf), CmdError> {
    let slug = slug.trim();
    let slug = slug.rsplit(['/', '\\']).next().unwrap_or(slug);
    let slug = slug.strip_suffix(".md").unwrap_or(slug);
    if slug.is_empty() {
        return Err(usage("the incident SLUG is empty; give its id (e.g. 2026-11-20-card-payments) or the end of it (card-payments)"));
    }
    let files = incident_files(dir);
    let dashed = format!("-{slug}");
    let tiers: [&dyn Fn(&str) -> bool; 3] = [&|id| id == slug, &|id| id.ends_with(&dashed), &|id| id.ends_with(slug)];
    let found: Vec<&(String, PathBuf)> =
        tiers.iter().map(|t| files.iter().filter(|(id, _)| t(id)).collect::<Vec<_>>()).find(|v| !v.is_empty()).unwrap_or_default();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let mut msg = format!("no incident matches `{slug}` in {}", dir.display());
            if files.is_empty() {
                msg.push_str(" (there are no incidents yet; start one with `frontline incident open`)");
                return Err(usage(msg));
            }
            // Compare with the part after the `YYYY-MM-DD-` date, as people type it.
            let tail = |id: &str| id.get(11..).filter(|_| id.as_bytes().get(10) == Some(&b'-')).unwrap_or(id).to_string();
            let tails: Vec<String> = files.iter().map(|(id, _)| tail(id)).collect();
            if let Some(t) = did_you_mean(slug, tails.iter().map(String::as_str)) {
                let id = files.iter().find(|(id, _)| tail(id) == t).map_or(t, |(id, _)| id.as_str());
                msg.push_str(&format!("; did you mean `{id}`?"));
            }
            let newest: Vec<&str> = files.iter().rev().take(10).map(|(id, _)| id.as_str()).collect();
            let more = files.len().saturating_sub(newest.len());
            msg.push_str(&format!("\n  incidents: {}", newest.join(", ")));
            if more > 0 {
                msg.push_str(&format!(" (and {more} older)"));
            }
            Err(usage(msg))
        }
        many => {
            let list: Vec<String> = many.iter().map(|(_, p)| p.strip_prefix(dir).unwrap_or(p).display().to_string()).collect();
            Err(usage(format!("`{slug}` matches {} incidents: {}; give more of the id", many.len(), list.join(", "))))
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_lookup() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["2026-11-23-card-payments.md", "2026-11-10-payments.md", "2026-11-28-db-maintenance.md", ".frontline.lock"] {
            std::fs::write(dir.path().join(n), "").unwrap();
        }
        let id = |slug: &str| find_incident(dir.path(), slug).map(|(id, _)| id).ok();
        assert_eq!(id("card-payments").as_deref(), Some("2026-11-23-card-payments"));
        assert_eq!(id("2026-11-10-payments").as_deref(), Some("2026-11-10-payments"));
        assert_eq!(id("content/incidents/2026-11-28-db-maintenance.md").as_deref(), Some("2026-11-28-db-maintenance"));
        assert_eq!(id("maintenance").as_deref(), Some("2026-11-28-db-maintenance"));
        std::fs::create_dir(dir.path().join("2025")).unwrap();
        std::fs::write(dir.path().join("2025/2025-01-02-old-outage.md"), "").unwrap();
        assert_eq!(id("old-outage").as_deref(), Some("2025-01-02-old-outage"));
        let Err(CmdError::Usage(m)) = find_incident(dir.path(), "payments") else { panic!() };
        assert!(m.contains("2026-11-23-card-payments") && m.contains("2026-11-10-payments"), "{m}");
        let Err(CmdError::Usage(m)) = find_incident(dir.path(), "card-payment") else { panic!() };
        assert!(m.contains("did you mean `2026-11-23-card-payments`"), "{m}");
    }

    #[test]
    fn times() {
        let tz: Tz = "Europe/Moscow".parse().unwrap();
        let t = parse_time("2026-11-23T07:00:00Z", None, tz, "--at").unwrap();
        assert_eq!((t.text.as_str(), t.date.as_str()), ("2026-11-23T10:00:00+03:00", "2026-11-23"));
        assert_eq!(parse_time("2026-11-23 23:30", None, tz, "--at").unwrap().text, "2026-11-23T23:30:00+03:00");
        assert!(parse_time("soon", None, tz, "--at").is_err());
        assert!(!at_or_now(None, None, tz).unwrap().text.contains('.'));
    }
}
