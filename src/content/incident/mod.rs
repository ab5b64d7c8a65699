//! Incident and maintenance files (`content/incidents/*.md`) -> [`Incident`],
//! including cState files unchanged (`date`, `resolved: true` + `resolvedWhen`,
//! `severity`, `affected` by name). Validation errors carry path and line.

mod components;
mod cstate;
mod updates;

use super::frontmatter;
use super::rendered::Rendered;
use crate::config::Config;
use crate::diag::{did_you_mean, Diagnostic};
use crate::fields::{Fields, Places, Reader};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use std::path::{Path, PathBuf};

use components::component_map;
use cstate::{affected, resolved_time};
use updates::updates;

/// Component status, worst last (derives `Ord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    Operational,
    UnderMaintenance,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
}

impl ComponentStatus {
    pub const ALL: [&'static str; 5] = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim() {
            "operational" => Self::Operational,
            "degraded_performance" => Self::DegradedPerformance,
            "partial_outage" => Self::PartialOutage,
            "major_outage" => Self::MajorOutage,
            "under_maintenance" => Self::UnderMaintenance,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operational => "operational",
            Self::DegradedPerformance => "degraded_performance",
            Self::PartialOutage => "partial_outage",
            Self::MajorOutage => "major_outage",
            Self::UnderMaintenance => "under_maintenance",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    None,
    Minor,
    Major,
    Critical,
}

impl Impact {
    pub const ALL: [&'static str; 4] = ["none", "minor", "major", "critical"];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim() {
            "none" => Self::None,
            "minor" => Self::Minor,
            "major" => Self::Major,
            "critical" => Self::Critical,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Minor => "minor",
            Self::Major => "major",
            Self::Critical => "critical",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Incident,
    Maintenance,
}

pub const INCIDENT_STATUSES: [&str; 4] = ["investigating", "identified", "monitoring", "resolved"];
pub const MAINTENANCE_STATUSES: [&str; 4] = ["scheduled", "in_progress", "verifying", "completed"];

/// One posted update.
#[derive(Debug, Clone)]
pub struct Update {
    pub at: DateTime<FixedOffset>,
    /// One of [`INCIDENT_STATUSES`] or [`MAINTENANCE_STATUSES`].
    pub status: String,
    pub message: String,
    /// Status change carried by this update, in file order.
    pub components: Option<Vec<(String, ComponentStatus)>>,
    /// The line of its item in `updates:`, for messages.
    pub line: usize,
    /// Made from the body and times of an incident with no `updates:` (cState's
    /// files): the feeds and the JSON carry it; the page shows the body instead.
    pub from_body: bool,
}

#[derive(Debug, Clone)]
pub struct Incident {
    /// File name without `.md`: `2026-11-20-card-payments`.
    pub id: String,
    pub source: PathBuf,
    pub title: String,
    pub kind: Kind,
    pub impact: Impact,
    pub components: Vec<(String, ComponentStatus)>,
    pub started: DateTime<FixedOffset>,
    pub resolved: Option<DateTime<FixedOffset>>,
    pub scheduled_start: Option<DateTime<FixedOffset>>,
    pub scheduled_end: Option<DateTime<FixedOffset>>,
    pub articles: Vec<String>,
    pub runbooks: Vec<String>,
    /// Internal-only Markdown note.
    pub internal: Option<String>,
    /// Oldest first.
    pub updates: Vec<Update>,
    pub body: String,
    pub body_line: usize,
    pub draft: bool,
    /// Lines of the front matter's keys and list items, for later stages' messages.
    pub places: Places,
    /// Components `affected:` names that no declared component has: (id, name),
    /// listed by the model under "Other".
    pub undeclared: Vec<(String, String)>,
    /// Filled by the render stage: public description / post-mortem.
    pub html: Rendered,
    /// Filled by the render stage: the internal note.
    pub internal_html: String,
}

impl Incident {
    pub fn is_maintenance(&self) -> bool {
        self.kind == Kind::Maintenance
    }
}

const KEYS: &[&str] = &[
    "title",
    "impact",
    "kind",
    "components",
    "started",
    "resolved",
    "scheduled_start",
    "scheduled_end",
    "articles",
    "runbooks",
    "internal",
    "updates",
    "date",
    "resolvedWhen",
    "severity",
    "affected",
    "draft",
    "description",
    "summary",
    "section",
    "informational",
    "pin",
    "lastMod",
    "lastmod",
    "updated",
    "tags",
    "slug",
];

/// Parse one incident file. `None` when it cannot be used; all problems in the Vec.
pub fn parse(config: &Config, shown: &Path, text: &str) -> (Option<Incident>, Vec<Diagnostic>) {
    let split = match frontmatter::split(shown, text) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let f = &split.fields;
    let mut r = Reader::new(f, config.timezone);
    for (k, line) in f.unknown_keys(KEYS) {
        let mut d = Diagnostic::warning(shown, line, "unknown-key", format!("unknown incident key `{k}` is ignored"));
        if let Some(s) = did_you_mean(k, KEYS.iter().copied()) {
            d = d.hint(format!("did you mean `{s}`?"));
        }
        r.warning(d);
    }
    let id = shown.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let title = r.text(&["title"]);
    let kind = match r.text(&["kind"]).as_deref() {
        None | Some("incident") => Kind::Incident,
        Some("maintenance") => Kind::Maintenance,
        Some(other) => {
            let d = Diagnostic::error(shown, f.line_of("kind"), "bad-kind", format!("`kind: {other}` is unknown"))
                .hint("use `kind: incident` or `kind: maintenance`");
            r.error(d);
            Kind::Incident
        }
    };
    let scheduled_start = r.date(&["scheduled_start"]);
    let scheduled_end = r.date(&["scheduled_end"]);
    let started = r.date(&["started", "date"]).or(scheduled_start);
    let resolved = resolved_time(&mut r);
    let impact = impact(&mut r, shown);
    let mut components = component_map(config, shown, f.node("components"), ("components", f.line_of("components")), &mut r.errors);
    let mut undeclared = Vec::new();
    if components.is_empty() {
        components = affected(config, &mut r, shown, (impact, kind), &mut undeclared);
    }
    let updates = updates(config, f, shown, kind, &mut r);
    let internal = r.text(&["internal"]);
    let articles = r.list(&["articles"]);
    let runbooks = r.list(&["runbooks"]);
    let draft = r.bool(&["draft"]).unwrap_or(false);
    let mut errs = r.errors;
    errs.extend(r.warnings);

    if title.is_none() {
        errs.push(
            Diagnostic::error(shown, 1, "missing-title", "the incident has no `title`").hint("add `title: Card payments are failing`"),
        );
    }
    if kind == Kind::Maintenance && (scheduled_start.is_none() || scheduled_end.is_none()) {
        errs.push(
            Diagnostic::error(
                shown,
                f.line_of("kind"),
                "maintenance-without-window",
                "maintenance needs `scheduled_start` and `scheduled_end`",
            )
            .hint("add scheduled_start: 2026-11-28T02:00:00+03:00 and scheduled_end: 2026-11-28T04:00:00+03:00"),
        );
    }
    if let (Some(s), Some(e)) = (scheduled_start, scheduled_end) {
        if e <= s {
            errs.push(Diagnostic::error(shown, f.line_of("scheduled_end"), "bad-window", "`scheduled_end` is not after `scheduled_start`"));
        }
    }
    let Some(started) = started else {
        // A `started:`/`date:` that does not parse is reported as such, not also as missing.
        if ["started", "date", "scheduled_start"].iter().any(|k| has_value(f, k)) {
            return (None, errs);
        }
        errs.push(
            Diagnostic::error(shown, 1, "missing-started", "the incident has no `started` time")
                .hint("add `started: 2026-11-20T10:04:00+03:00`"),
        );
        return (None, errs);
    };
    let Some(title) = title else { return (None, errs) };
    let mut resolved = resolved;
    if let Some(r) = resolved.filter(|r| *r < started) {
        let key = if f.get("resolvedWhen").is_some() { "resolvedWhen" } else { "resolved" };
        let message = format!("`{key}` ({}) is before `started` ({})", r.to_rfc3339(), started.to_rfc3339());
        if key == "resolvedWhen" {
            // cState histories really have such files: show the incident, resolved when it started.
            errs.push(
                Diagnostic::warning(shown, f.line_of(key), "resolved-before-started", format!("{message}; shown as resolved at its start"))
                    .hint("check the date and the UTC offset of both times"),
            );
            resolved = Some(started);
        } else {
            errs.push(
                Diagnostic::error(shown, f.line_of(key), "resolved-before-started", message)
                    .hint("check the date and the UTC offset of both times"),
            );
        }
    }
    if kind == Kind::Incident {
        for u in &updates {
            if u.at < started {
                errs.push(
                    Diagnostic::error(
                        shown,
                        u.line,
                        "update-before-started",
                        format!("update at {} is before `started` ({})", u.at.to_rfc3339(), started.to_rfc3339()),
                    )
                    .hint("fix the update's `at:` or the incident's `started:`"),
                );
            }
        }
    }
    let mut updates = updates;
    updates.sort_by_key(|u| u.at);
    if updates.is_empty() {
        updates.push(cstate::update_from_body(kind, (started, resolved), split.body, split.body_line));
    }
    let incident = Incident {
        id,
        source: shown.to_path_buf(),
        title: title.trim().to_string(),
        kind,
        impact,
        components,
        started,
        resolved,
        scheduled_start,
        scheduled_end,
        articles,
        runbooks,
        internal,
        updates,
        body: split.body.to_string(),
        body_line: split.body_line,
        draft,
        places: f.places(),
        undeclared,
        html: Rendered::default(),
        internal_html: String::new(),
    };
    (Some(incident), errs)
}

/// Whether `key` has a value (one that may not parse; reported by the getter that read it).
fn has_value(f: &Fields, key: &str) -> bool {
    match f.string(&[key]) {
        Ok(Some(s)) => !s.trim().is_empty(),
        Ok(None) => false,
        Err(_) => true,
    }
}

fn impact(r: &mut Reader, shown: &Path) -> Impact {
    if let Some(s) = r.text(&["impact"]) {
        return Impact::parse(&s).unwrap_or_else(|| {
            let mut d = Diagnostic::error(shown, r.line_of("impact"), "unknown-impact", format!("unknown impact `{s}`"));
            d = d.hint(match did_you_mean(&s, Impact::ALL) {
                Some(h) => format!("did you mean `{h}`? (one of: none, minor, major, critical)"),
                None => "use one of: none, minor, major, critical".into(),
            });
            r.error(d);
            Impact::Minor
        });
    }
    match r.text(&["severity"]).as_deref() {
        Some("down") => Impact::Major,
        Some("disrupted") => Impact::Minor,
        Some("notice") | None => Impact::None,
        Some(other) => {
            let d = Diagnostic::error(shown, r.line_of("severity"), "unknown-impact", format!("unknown cState severity `{other}`"))
                .hint("use down, disrupted or notice");
            r.error(d);
            Impact::Minor
        }
    }
}

#[cfg(test)]
mod tests;
