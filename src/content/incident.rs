//! Incident and maintenance files (`content/incidents/*.md`) -> [`Incident`],
//! including cState files unchanged (`date`, `resolved: true` + `resolvedWhen`,
//! `severity`, `affected` by name). Validation errors carry path and line.

use super::frontmatter;
use super::rendered::Rendered;
use crate::config::Config;
use crate::diag::{did_you_mean, Diagnostic};
use crate::fields::{Fields, Node, Places, Reader, Value};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use std::path::{Path, PathBuf};

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

/// `resolved: <time>`, or cState's `resolved: true` + `resolvedWhen: <time>`.
fn resolved_time(r: &mut Reader) -> Option<DateTime<FixedOffset>> {
    match r.get("resolved") {
        Some(Value::Bool(true)) => r.date(&["resolvedWhen"]).or_else(|| {
            // A `resolvedWhen` that does not parse is reported as such, not also as missing.
            if has_value(r.fields, "resolvedWhen") {
                return None;
            }
            let d = Diagnostic::error(
                &r.fields.path,
                r.line_of("resolved"),
                "missing-resolved-time",
                "`resolved: true` without `resolvedWhen`",
            )
            .hint("add `resolvedWhen: 2026-11-20T11:30:00+03:00`");
            r.error(d);
            None
        }),
        Some(Value::Bool(false)) | None | Some(Value::Null) => None,
        Some(_) => r.date(&["resolved"]),
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

/// Find a configured component by id or (any language's) name, case-insensitively.
pub fn find_component<'a>(config: &'a Config, name: &str) -> Option<&'a str> {
    let n = name.trim().to_lowercase();
    config.components.iter().find(|c| c.id.to_lowercase() == n || c.name.0.values().any(|v| v.to_lowercase() == n)).map(|c| c.id.as_str())
}

fn unknown_component(config: &Config, shown: &Path, line: usize, name: &str) -> Diagnostic {
    let ids: Vec<&str> = config.components.iter().map(|c| c.id.as_str()).collect();
    let d = Diagnostic::error(shown, line, "unknown-component", format!("unknown component `{name}`"));
    match did_you_mean(name, ids.iter().copied()) {
        Some(h) => d.hint(format!("did you mean `{h}`? Components are defined in site.yaml `status.components`")),
        None if ids.is_empty() => d.hint("define components in site.yaml under `status: components:`"),
        None => d.hint(format!("known components: {}", ids.join(", "))),
    }
}

/// `v`, a map of component ids to statuses, given under `key` (named in
/// messages) on `key_line`.
fn component_map(
    config: &Config,
    shown: &Path,
    v: Option<&Node>,
    (key, key_line): (&str, usize),
    errs: &mut Vec<Diagnostic>,
) -> Vec<(String, ComponentStatus)> {
    let mut out = Vec::new();
    let Some(node) = v else { return out };
    match &node.value {
        Value::Null => {}
        Value::Map(m) => {
            for e in m.iter() {
                let (k, line) = (&e.key, e.key_pos.line);
                let Some(s) = e.value.value.as_text() else {
                    errs.push(
                        Diagnostic::error(
                            shown,
                            line,
                            "wrong-type",
                            format!("the status of `{k}` must be a word, found {}", e.value.value.kind()),
                        )
                        .hint(format!("use one of: {}", ComponentStatus::ALL.join(", "))),
                    );
                    continue;
                };
                let Some(id) = find_component(config, k) else {
                    errs.push(unknown_component(config, shown, line, k));
                    continue;
                };
                match ComponentStatus::parse(&s) {
                    Some(st) => out.push((id.to_string(), st)),
                    None => errs.push(
                        Diagnostic::error(shown, line, "unknown-status", format!("unknown component status `{s}` for `{k}`"))
                            .hint(format!("use one of: {}", ComponentStatus::ALL.join(", "))),
                    ),
                }
            }
        }
        other => errs.push(
            Diagnostic::error(shown, key_line, "wrong-type", format!("`{key}` must map component ids to statuses, found {}", other.kind()))
                .hint("components:\n    api: major_outage"),
        ),
    }
    out
}

/// cState `affected: [names]` with a status derived from the severity.
/// cState's `affected: [names]`. A name no component has (by id or name) is a
/// warning: cState sites list systems site.yaml may not, so the incident gets the
/// component (id from the name) and it is listed under "Other" (`undeclared`).
fn affected(
    config: &Config,
    r: &mut Reader,
    shown: &Path,
    (impact, kind): (Impact, Kind),
    undeclared: &mut Vec<(String, String)>,
) -> Vec<(String, ComponentStatus)> {
    let names = r.list(&["affected"]);
    let status = match (kind, impact) {
        (Kind::Maintenance, _) => ComponentStatus::UnderMaintenance,
        (_, Impact::Critical | Impact::Major) => ComponentStatus::MajorOutage,
        (_, Impact::Minor) => ComponentStatus::PartialOutage,
        (_, Impact::None) => ComponentStatus::DegradedPerformance,
    };
    let mut out: Vec<(String, ComponentStatus)> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let id = match find_component(config, n) {
            Some(id) => id.to_string(),
            None => {
                let line = r.fields.item_line("affected", i);
                let id = slug::slugify(n.trim());
                if id.is_empty() {
                    r.error(unknown_component(config, shown, line, n));
                    continue;
                }
                let mut d = unknown_component(config, shown, line, n);
                d.severity = crate::diag::Severity::Warning;
                d.code = "undeclared-component";
                d.message = format!("component `{}` is not declared; it is listed under \"Other\" as `{id}`", n.trim());
                if !d.hint.as_deref().is_some_and(|h| h.starts_with("did you mean")) {
                    d.hint = Some("declare it in site.yaml under `status: components:` (or in cState's config.yml `systems:`)".into());
                }
                r.warning(d);
                if !undeclared.iter().any(|(u, _)| *u == id) {
                    undeclared.push((id.clone(), n.trim().to_string()));
                }
                id
            }
        };
        if !out.iter().any(|(o, _)| *o == id) {
            out.push((id, status));
        }
    }
    out
}

fn updates(config: &Config, f: &Fields, shown: &Path, kind: Kind, r: &mut Reader) -> Vec<Update> {
    let mut out = Vec::new();
    let items = match f.get("updates") {
        None | Some(Value::Null) => return out,
        Some(Value::Seq(items)) => items,
        Some(other) => {
            r.error(Diagnostic::error(
                shown,
                f.line_of("updates"),
                "wrong-type",
                format!("`updates` must be a list, found {}", other.kind()),
            ));
            return out;
        }
    };
    let allowed: &[&str] = if kind == Kind::Maintenance { &MAINTENANCE_STATUSES } else { &INCIDENT_STATUSES };
    for item in items {
        let line = item.pos.line;
        let Value::Map(m) = &item.value else {
            r.error(
                Diagnostic::error(
                    shown,
                    line,
                    "wrong-type",
                    format!("each update must be `at:`, `status:`, `message:`, found {}", item.value.kind()),
                )
                .hint("- at: 2026-11-20T10:04:00+03:00\n    status: investigating\n    message: We are looking into it."),
            );
            continue;
        };
        let fields = f.nested(m, line);
        let mut ur = Reader::new(&fields, config.timezone);
        let at = ur.date(&["at"]);
        if at.is_none() && ur.errors.is_empty() {
            ur.error(
                Diagnostic::error(shown, line, "update-without-time", "this update has no `at:` time")
                    .hint("add `at: 2026-11-20T10:04:00+03:00`"),
            );
        }
        let status = ur.text(&["status"]).unwrap_or_default();
        let message = ur.text(&["message"]).unwrap_or_default();
        r.errors.append(&mut ur.errors);
        r.warnings.append(&mut ur.warnings);
        let known = allowed.contains(&status.as_str());
        if !known {
            let mut d = Diagnostic::error(shown, line, "unknown-status", format!("unknown update status `{status}`"));
            d = d.hint(match did_you_mean(&status, allowed.iter().copied()) {
                Some(h) => format!("did you mean `{h}`? (one of: {})", allowed.join(", ")),
                None => format!("use one of: {}", allowed.join(", ")),
            });
            r.error(d);
        }
        let components = fields
            .node("components")
            .map(|v| component_map(config, shown, Some(v), ("updates", fields.line_of("components")), &mut r.errors));
        let Some(at) = at.filter(|_| known) else { continue };
        out.push(Update { at, status, message, components, line });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Component, Localized};

    fn config() -> Config {
        let mut c = Config::defaults(Path::new("/nonexistent-site"));
        c.components.push(Component { id: "api".into(), name: Localized::plain("Public API"), group: None, description: None });
        c
    }

    /// A wrong type on any incident key is an error on its line (these were dropped
    /// silently: `draft: maybe` published the incident).
    #[test]
    fn a_wrong_type_on_any_key_is_reported_on_its_line() {
        let text = "---\ntitle: Broken\nstarted: 2026-11-20T10:00:00+03:00\nkind: [incident]\ninternal: {a: 1}\ndraft: maybe\nimpact: [major]\nseverity: {x: 1}\naffected: {a: b}\narticles: {x: 1}\n---\nBody\n";
        let (_, diags) = parse(&config(), Path::new("content/incidents/2026-11-20-x.md"), text);
        let mut got: Vec<(usize, &str)> =
            diags.iter().filter(|d| d.severity == crate::diag::Severity::Error).map(|d| (d.line, d.code)).collect();
        got.sort();
        let want: Vec<(usize, &str)> = (4..=10).map(|l| (l, "wrong-type")).collect();
        assert_eq!(got, want, "{diags:#?}");
    }

    /// An update left out (no time) does not shift the lines of the ones after it.
    #[test]
    fn an_update_is_reported_on_its_own_item_after_a_skipped_one() {
        let text = "---\ntitle: T\nstarted: 2026-11-20T10:00:00+03:00\nupdates:\n  - status: investigating\n  - at: 2026-11-20T09:00:00+03:00\n    status: investigating\n---\n";
        let (_, diags) = parse(&config(), Path::new("content/incidents/2026-11-20-z.md"), text);
        let got: Vec<(usize, &str)> = diags.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(got, [(5, "update-without-time"), (6, "update-before-started")], "{diags:#?}");
    }

    #[test]
    fn cstate_keys_still_read() {
        let text = "---\ntitle: Down\ndate: 2026-11-20T10:00:00+03:00\nresolved: true\nresolvedWhen: 2026-11-20T11:00:00+03:00\nseverity: down\naffected: [public api]\ndraft: \"false\"\n---\nBody\n";
        let (inc, diags) = parse(&config(), Path::new("content/incidents/2026-11-20-y.md"), text);
        assert!(diags.is_empty(), "{diags:#?}");
        let inc = inc.unwrap();
        assert_eq!((inc.impact, inc.draft), (Impact::Major, false));
        assert_eq!(inc.components, [("api".to_string(), ComponentStatus::MajorOutage)]);
        assert!(inc.resolved.is_some());
    }

    #[test]
    fn cstate_quirks_one_digit_hours_bad_values_and_early_resolved_when() {
        let shown = Path::new("content/incidents/2023-12-04-a.md");
        let go = "---\ntitle: A\ndate: 2023-12-04T8:00:00-00:00\nresolved: true\nresolvedWhen: 2023-12-04T9:30:00-00:00\n---\n";
        let (inc, diags) = parse(&config(), shown, go);
        assert!(diags.is_empty(), "{diags:#?}");
        assert_eq!(inc.unwrap().started.to_rfc3339(), "2023-12-04T08:00:00+00:00");
        // A value that does not parse is reported once, not also as a missing key.
        let bad = "---\ntitle: A\ndate: soon\nresolved: true\nresolvedWhen: later\n---\n";
        let (_, diags) = parse(&config(), shown, bad);
        let got: Vec<(usize, &str)> = diags.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(got, [(3, "bad-date"), (5, "bad-date")], "{diags:#?}");
        // resolvedWhen before date: a warning, the incident shown resolved at its start.
        let early = "---\ntitle: A\ndate: 2023-12-04T10:00:00+03:00\nresolved: true\nresolvedWhen: 2023-12-04T09:00:00+03:00\n---\n";
        let (inc, diags) = parse(&config(), shown, early);
        let got: Vec<(usize, &str, crate::diag::Severity)> = diags.iter().map(|d| (d.line, d.code, d.severity)).collect();
        assert_eq!(got, [(5, "resolved-before-started", crate::diag::Severity::Warning)], "{diags:#?}");
        let inc = inc.unwrap();
        assert_eq!(inc.resolved, Some(inc.started));
    }
}
