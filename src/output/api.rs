//! Statuspage-compatible JSON (`/api/v2/*.json`): same field names and nesting
//! as Statuspage's public API v2, stable ids derived from file paths.

use super::OutputFile;
use crate::content::incident::{ComponentStatus, Incident, Kind};
use crate::model::routes::incident_id;
use crate::model::routes::{self, group_id};
use crate::model::status::{self, Indicator};
use crate::model::statuspage;
use crate::model::Site;
use chrono::{DateTime, FixedOffset};
use serde_json::{json, Value};

fn ts(site: &Site, t: DateTime<FixedOffset>) -> String {
    statuspage::ts(&site.config, t)
}

fn page_id(site: &Site) -> String {
    routes::page_id(&site.config)
}

fn page(site: &Site) -> Value {
    let lang = site.default_lang();
    json!({
        "id": page_id(site),
        "name": site.config.title.get(lang),
        "url": site.config.base_url,
        "time_zone": site.config.timezone.name(),
        "updated_at": ts(site, page_updated(site)),
    })
}

/// The earliest time the content knows (the first incident's creation): every
/// component's `created_at`. A site without incidents has none and takes the build
/// time (its JSON then changes with every build; README says so).
fn epoch(site: &Site) -> DateTime<FixedOffset> {
    site.incidents.iter().map(statuspage::created_at).filter(|t| *t <= site.now).min().unwrap_or(site.now)
}

/// The page's `updated_at`: the latest posted update, resolution or status change.
fn page_updated(site: &Site) -> DateTime<FixedOffset> {
    let posted = site.incidents.iter().filter(|i| statuspage::is_posted(i, site.now)).map(|i| statuspage::updated_at(i, site.now));
    let changed = site.config.components.iter().filter_map(|c| last_change(site, &c.id));
    posted.chain(changed).max().unwrap_or_else(|| epoch(site))
}

fn status_obj(site: &Site) -> Value {
    let ind: Indicator = status::indicator(&site.incidents, site.now);
    json!({"indicator": ind.as_str(), "description": ind.description()})
}

/// Component rows in Statuspage's order: top-level rows (groups and components
/// without one) in site.yaml order, each group followed by its children;
/// `position` counts within each level (top level, then inside each group).
fn components(site: &Site) -> Vec<Value> {
    let lang = site.default_lang();
    let created = epoch(site);
    // Top-level entries in order of first appearance: a group (with its children) or a component.
    let mut top: Vec<(Option<String>, Vec<&crate::config::Component>)> = Vec::new();
    for c in &site.config.components {
        let g = c.group.as_ref().map(|g| g.get(lang).to_string());
        match top.iter_mut().find(|(n, _)| g.is_some() && *n == g) {
            Some((_, kids)) => kids.push(c),
            None => top.push((g, vec![c])),
        }
    }
    let updated = |ids: &mut dyn Iterator<Item = &str>| ts(site, ids.filter_map(|id| last_change(site, id)).max().unwrap_or(created));
    let row = |c: &crate::config::Component, position: usize, group: Option<&str>| {
        json!({
            "id": c.id,
            "name": c.name.get(lang),
            "status": status::component_status(&site.incidents, &c.id, site.now).as_str(),
            "created_at": ts(site, created),
            "updated_at": updated(&mut std::iter::once(c.id.as_str())),
            "position": position,
            "description": c.description.as_ref().map(|d| d.get(lang)),
            "showcase": true,
            "start_date": Value::Null,
            "group_id": group.map(group_id),
            "page_id": page_id(site),
            "group": false,
            "only_show_if_degraded": false,
        })
    };
    let mut rows = Vec::new();
    for (position, (group, kids)) in top.iter().enumerate() {
        let Some(name) = group else {
            rows.push(row(kids[0], position + 1, None));
            continue;
        };
        let worst =
            kids.iter().map(|c| status::component_status(&site.incidents, &c.id, site.now)).max().unwrap_or(ComponentStatus::Operational);
        rows.push(json!({
            "id": group_id(name),
            "name": name,
            "status": worst.as_str(),
            "created_at": ts(site, created),
            "updated_at": updated(&mut kids.iter().map(|c| c.id.as_str())),
            "position": position + 1,
            "description": Value::Null,
            "showcase": false,
            "start_date": Value::Null,
            "group_id": Value::Null,
            "page_id": page_id(site),
            "group": true,
            "only_show_if_degraded": false,
            "components": kids.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        }));
        rows.extend(kids.iter().enumerate().map(|(n, c)| row(c, n + 1, Some(name))));
    }
    rows
}

/// Latest time at or before now when an incident changed this component's status.
fn last_change(site: &Site, comp: &str) -> Option<DateTime<FixedOffset>> {
    site.incidents
        .iter()
        .flat_map(|i| status::segments(i, comp, site.now))
        .flat_map(|(a, b, _)| [Some(a), (b < site.now).then_some(b)])
        .flatten()
        .filter(|t| *t <= site.now)
        .max()
}

fn component_obj(site: &Site, id: &str) -> Value {
    components(site).into_iter().find(|c| c["id"] == id).unwrap_or(Value::Null)
}

/// `(id, status@updated_at)` of an incident as its JSON says: the status page's
/// script compares it with the live data to see whether a card is out of date.
pub fn incident_stamp(site: &Site, i: &Incident) -> (String, String) {
    (incident_id(i), format!("{}@{}", status::current_status(i, site.now), ts(site, statuspage::updated_at(i, site.now))))
}

/// One incident (or maintenance) in Statuspage's shape, with its component rows.
pub fn incident(site: &Site, i: &Incident) -> Value {
    let mut v = statuspage::incident(&site.config, i, site.now);
    v.components = Some(i.components.iter().map(|(c, _)| component_obj(site, c)).filter(|c| !c.is_null()).collect());
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn file(path: &str, v: Value) -> OutputFile {
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    OutputFile::new(path, s)
}

/// Every `/api/v2/*.json` file.
pub fn all(site: &Site) -> Vec<OutputFile> {
    let now = site.now;
    let visible = |i: &&Incident| statuspage::is_posted(i, now);
    let mut by_created: Vec<&Incident> = site.incidents.iter().filter(visible).collect();
    by_created.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| a.id.cmp(&b.id)));
    let incidents: Vec<Value> = by_created.iter().filter(|i| i.kind == Kind::Incident).take(50).map(|i| incident(site, i)).collect();
    let unresolved: Vec<Value> = by_created.iter().filter(|i| status::is_open(i, now)).map(|i| incident(site, i)).collect();
    let maint: Vec<&&Incident> = by_created.iter().filter(|i| i.kind == Kind::Maintenance).collect();
    let all_m: Vec<Value> = maint.iter().map(|i| incident(site, i)).collect();
    let upcoming: Vec<Value> = maint.iter().filter(|i| status::maintenance_upcoming(i, now)).map(|i| incident(site, i)).collect();
    let active: Vec<Value> = maint.iter().filter(|i| status::maintenance_active(i, now)).map(|i| incident(site, i)).collect();
    let comps = components(site);
    let mut summary_m = active.clone();
    summary_m.extend(upcoming.clone());
    vec![
        file("api/v2/status.json", json!({"page": page(site), "status": status_obj(site)})),
        file("api/v2/components.json", json!({"page": page(site), "components": comps})),
        file("api/v2/incidents.json", json!({"page": page(site), "incidents": incidents})),
        file("api/v2/incidents/unresolved.json", json!({"page": page(site), "incidents": unresolved})),
        file("api/v2/scheduled-maintenances.json", json!({"page": page(site), "scheduled_maintenances": all_m})),
        file("api/v2/scheduled-maintenances/upcoming.json", json!({"page": page(site), "scheduled_maintenances": upcoming})),
        file("api/v2/scheduled-maintenances/active.json", json!({"page": page(site), "scheduled_maintenances": active})),
        file(
            "api/v2/summary.json",
            json!({"page": page(site), "components": comps, "incidents": unresolved, "scheduled_maintenances": summary_m, "status": status_obj(site)}),
        ),
    ]
}
