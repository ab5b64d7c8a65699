//! cState's incident keys: `resolved: true` + `resolvedWhen`, `affected: [names]`
//! (undeclared names become components under "Other"), and the one update an
//! incident without `updates:` gets from its body and times.

use super::components::unknown_component;
use super::{ComponentStatus, Impact, Kind, Update};
use crate::config::Config;
use crate::content::fence::{self, Fence};
use crate::diag::Diagnostic;
use crate::fields::{Reader, Value};
use chrono::{DateTime, FixedOffset};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::path::Path;

/// `resolved: <time>`, or cState's `resolved: true` + `resolvedWhen: <time>`.
pub(super) fn resolved_time(r: &mut Reader) -> Option<DateTime<FixedOffset>> {
    match r.get("resolved") {
        Some(Value::Bool(true)) => r.date(&["resolvedWhen"]).or_else(|| {
            // A `resolvedWhen` that does not parse is reported as such, not also as missing.
            if super::has_value(r.fields, "resolvedWhen") {
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

/// cState's `affected: [names]`. A name no component has (by id or name) is a
/// warning: cState sites list systems site.yaml may not, so the incident gets the
/// component (id from the name) and it is listed under "Other" (`undeclared`).
pub(super) fn affected(
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
        let id = match config.find_component(n) {
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
                    d.hint = Some(
                        "declare it in site.yaml under `status: components:` (or in cState's config.yml under `params: systems:`)".into(),
                    );
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

/// The one update of an incident whose file has no `updates:` (cState's never do),
/// as a Statuspage import of a past incident has: where it ended (`resolved`,
/// `completed`) at its resolve time, else where it stands (`investigating`, a
/// maintenance `scheduled`) at its start; the message is the body's public text.
pub(super) fn update_from_body(kind: Kind, (started, resolved): (Time, Option<Time>), body: &str, line: usize) -> Update {
    let (status, at) = match (kind, resolved) {
        (Kind::Incident, Some(r)) => ("resolved", r),
        (Kind::Maintenance, Some(r)) => ("completed", r),
        (Kind::Incident, None) => ("investigating", started),
        (Kind::Maintenance, None) => ("scheduled", started),
    };
    Update { at, status: status.into(), message: public_text(body), components: None, line, from_body: true }
}

type Time = DateTime<FixedOffset>;

/// The text a customer reads in `md`: paragraphs joined by blank lines, inline
/// markup and raw HTML dropped, `internal` and `reply` blocks (and their typos,
/// see [`fence`]) left out.
pub fn public_text(md: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut hidden = 0usize;
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            blocks.push(text);
        }
        current.clear();
    };
    for ev in Parser::new_ext(md, crate::content::title::options()) {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if !matches!(fence::classify(&info).0, Fence::Code(_)) => {
                hidden += 1;
            }
            Event::End(TagEnd::CodeBlock) if hidden > 0 => hidden -= 1,
            _ if hidden > 0 => {}
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableRow) => {
                flush(&mut current, &mut blocks)
            }
            Event::End(TagEnd::TableCell) => current.push(' '),
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks.join("\n\n")
}
