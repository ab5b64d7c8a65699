//! cState's own `config.yml`, read beside `site.yaml`: the `params: systems:` a cState
//! site declares become status components (after those of `site.yaml`, which win
//! on the same id or name). A system is a name (`- Gateway`) or a map with
//! `name` and optional `description` and `category` (the component's group).
//! The file belongs to another tool: its problems are warnings, never errors.

use super::{Component, Config, Localized};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fields::{Fields, Syntax, Value};
use std::path::{Path, PathBuf};

/// The most of `config.yml` read (a cState config is a few KiB).
const MAX_MIB: u64 = 1;

/// Add the systems of `root/config.yml`, when it exists and has `systems:`.
pub fn add_systems(root: &Path, c: &mut Config, diags: &mut Diagnostics) {
    let shown = PathBuf::from("config.yml");
    let abs = root.join("config.yml");
    if !abs.is_file() {
        return;
    }
    let parsed = crate::source::read_text_max(&shown, &abs, MAX_MIB).and_then(|t| Fields::parse(&shown, &t, 1, Syntax::Yaml));
    let fields = match parsed {
        Ok(f) => f,
        Err(d) => {
            let mut w = Diagnostic::warning(&d.path, d.line, "cstate-config", format!("cState's config.yml is not read: {}", d.message));
            w = w.hint("fix it, or declare the components in site.yaml under `status: components:`");
            diags.push(w);
            return;
        }
    };
    // cState keeps them under `params:`; a top-level `systems:` is read too.
    let under_params = match fields.get("params") {
        Some(Value::Map(m)) => m.get("systems").map(|n| &n.value),
        _ => None,
    };
    let Some(Value::Seq(items)) = under_params.or(fields.get("systems")) else { return };
    for item in items {
        let (name, description, category) = match &item.value {
            Value::Map(m) => (
                m.get("name").and_then(|n| n.value.as_text()),
                m.get("description").and_then(|n| n.value.as_text()),
                m.get("category").and_then(|n| n.value.as_text()),
            ),
            other => (other.as_text(), None, None),
        };
        let Some(name) = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) else {
            diags.push(
                Diagnostic::warning(&shown, item.pos.line, "cstate-system", "this system has no name; it is left out")
                    .hint("write `- Name` or `- name: Name`"),
            );
            continue;
        };
        let id = slug::slugify(&name);
        if id.is_empty() || c.find_component(&id).is_some() || c.find_component(&name).is_some() {
            continue;
        }
        c.components.push(Component {
            id,
            name: Localized::plain(&name),
            group: category.map(|g| Localized::plain(g.trim())),
            description: description.map(|d| Localized::plain(d.trim())),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systems_become_components_after_site_yaml_ones() {
        let dir = tempfile::tempdir().unwrap();
        let yml = "baseURL: https://status.example\nparams:\n  systems:\n    - Gateway\n    - name: Public API\n      description: REST\n      category: Platform\n    - {description: no name}\n    - gateway\n";
        std::fs::write(dir.path().join("config.yml"), yml).unwrap();
        let mut c = Config::defaults(dir.path());
        c.components.push(Component { id: "api".into(), name: Localized::plain("Public API"), group: None, description: None });
        let mut diags = Diagnostics::default();
        add_systems(dir.path(), &mut c, &mut diags);
        let ids: Vec<&str> = c.components.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["api", "gateway"], "site.yaml's `Public API` wins; a repeated name is added once");
        let got: Vec<(usize, &str)> = diags.items.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(got, [(8, "cstate-system")]);
    }

    #[test]
    fn a_broken_config_yml_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.yml"), "systems: [a\n").unwrap();
        let mut c = Config::defaults(dir.path());
        let mut diags = Diagnostics::default();
        add_systems(dir.path(), &mut c, &mut diags);
        assert!(!diags.has_errors() && diags.items.len() == 1, "{:?}", diags.items);
        assert!(c.components.is_empty());
    }
}
