//! Component maps of incident files (`components:` and an update's
//! `components:`): names resolved to configured component ids, with errors on
//! the lines of their keys.

use super::ComponentStatus;
use crate::config::Config;
use crate::diag::{did_you_mean, Diagnostic};
use crate::fields::{Node, Value};
use std::path::Path;

pub(super) fn unknown_component(config: &Config, shown: &Path, line: usize, name: &str) -> Diagnostic {
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
pub(super) fn component_map(
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
                let Some(id) = config.find_component(k) else {
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
