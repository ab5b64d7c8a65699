//! An incident file's `updates:` list -> [`Update`]s, each checked on its item's line.

use super::components::component_map;
use super::{Kind, Update, INCIDENT_STATUSES, MAINTENANCE_STATUSES};
use crate::config::Config;
use crate::diag::{did_you_mean, Diagnostic};
use crate::fields::{Fields, Reader, Value};
use std::path::Path;

pub(super) fn updates(config: &Config, f: &Fields, shown: &Path, kind: Kind, r: &mut Reader) -> Vec<Update> {
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
        out.push(Update { at, status, message, components, line, from_body: false });
    }
    out
}
