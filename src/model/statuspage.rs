//! The Statuspage v2 incident shape (incident, its updates, their affected
//! components) as typed structs, built once from an incident as of a moment. The
//! JSON API files (`output::api`) and the webhooks (`incident_cmd::broadcast`)
//! both serialize these, so the two say the same thing about an incident.

use super::routes::{component_name, incident_id, incident_path, page_id, update_id};
use super::status;
use crate::config::Config;
use crate::content::incident::{ComponentStatus, Incident, Kind, Update};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AffectedComponent {
    pub code: String,
    pub name: String,
    pub old_status: &'static str,
    pub new_status: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct IncidentUpdate {
    pub id: String,
    pub status: String,
    pub body: String,
    pub incident_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub display_at: String,
    pub affected_components: Option<Vec<AffectedComponent>>,
    /// Statuspage's notification fields, as its pages publish them (frontline
    /// broadcasts every update and posts no tweets).
    pub deliver_notifications: bool,
    pub custom_tweet: Option<String>,
    pub tweet_id: Option<String>,
}

/// An incident or scheduled maintenance (`scheduled_for`/`scheduled_until` only on
/// maintenance; `components` only where the caller adds the component rows).
#[derive(Debug, Clone, Serialize)]
pub struct IncidentJson {
    pub id: String,
    pub name: String,
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
    pub monitoring_at: Option<String>,
    pub resolved_at: Option<String>,
    pub impact: &'static str,
    pub shortlink: String,
    pub started_at: String,
    pub page_id: String,
    /// Newest first.
    pub incident_updates: Vec<IncidentUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_until: Option<Option<String>>,
}

/// A time as the JSON gives it: RFC 3339 in the site's time zone.
pub fn ts(config: &Config, t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&config.timezone).to_rfc3339()
}

/// Incident `i` as of `now`: updates after `now` are not posted yet and left out.
/// Statuspage gives scheduled maintenance the impact `maintenance`.
pub fn incident(config: &Config, i: &Incident, now: DateTime<FixedOffset>) -> IncidentJson {
    let lang = config.default_language();
    let id = incident_id(i);
    let updates =
        i.updates.iter().enumerate().filter(|(_, u)| u.at <= now).rev().map(|(n, u)| update(config, i, &id, n, u, lang)).collect();
    let created = created_at(i);
    let maintenance = i.kind == Kind::Maintenance;
    IncidentJson {
        name: i.title.clone(),
        status: status::current_status(i, now).to_string(),
        created_at: ts(config, created),
        updated_at: ts(config, updated_at(i, now)),
        monitoring_at: i
            .updates
            .iter()
            .find(|u| matches!(u.status.as_str(), "monitoring" | "verifying") && u.at <= now)
            .map(|u| ts(config, u.at)),
        resolved_at: resolved_at(i, now).map(|r| ts(config, r)),
        impact: if maintenance { "maintenance" } else { i.impact.as_str() },
        shortlink: format!("{}{}", config.base_url, incident_path(i)),
        started_at: ts(config, i.started),
        page_id: page_id(config),
        incident_updates: updates,
        components: None,
        scheduled_for: maintenance.then(|| i.scheduled_start.map(|t| ts(config, t))),
        scheduled_until: maintenance.then(|| i.scheduled_end.map(|t| ts(config, t))),
        id,
    }
}

fn update(config: &Config, i: &Incident, id: &str, n: usize, u: &Update, lang: &str) -> IncidentUpdate {
    // An incident's first update sets its components (operational -> their status)
    // unless it says otherwise, as on Statuspage; a maintenance's waits for its window.
    let opening = (n == 0 && i.kind == Kind::Incident && u.status != "resolved" && !i.components.is_empty()).then_some(&i.components);
    let affected = u.components.as_ref().or(opening).map(|cs| {
        cs.iter()
            .map(|(c, s)| AffectedComponent {
                code: c.clone(),
                name: component_name(config, c, lang),
                old_status: old_status(i, n, c).as_str(),
                new_status: s.as_str(),
            })
            .collect()
    });
    let at = ts(config, u.at);
    IncidentUpdate {
        id: update_id(i, &u.at, n),
        status: u.status.clone(),
        body: u.message.clone(),
        incident_id: id.to_string(),
        created_at: at.clone(),
        updated_at: at.clone(),
        display_at: at,
        affected_components: affected,
        deliver_notifications: true,
        custom_tweet: None,
        tweet_id: None,
    }
}

/// Status of `comp` just before update `n` of `i` (from earlier updates, else the incident's map).
fn old_status(i: &Incident, n: usize, comp: &str) -> ComponentStatus {
    i.updates[..n].iter().rev().find_map(|u| u.components.as_ref()?.iter().find(|(c, _)| c == comp).map(|(_, s)| *s)).unwrap_or(if n == 0 {
        ComponentStatus::Operational
    } else {
        i.components.iter().find(|(c, _)| c == comp).map_or(ComponentStatus::Operational, |(_, s)| *s)
    })
}

/// When the incident was resolved, as of `now`; a maintenance whose window has
/// passed is completed at the window's end.
pub fn resolved_at(i: &Incident, now: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    let completed = status::current_status(i, now) == "completed";
    i.resolved.filter(|r| *r <= now).or_else(|| status::window(i).map(|(_, end)| end).filter(|_| completed))
}

/// The incident's `updated_at`: its latest update or resolution at or before `now`
/// (an incident's start counts; a maintenance's scheduled start lies ahead and does not).
pub fn updated_at(i: &Incident, now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    let first = created_at(i);
    let last = i.updates.iter().rfind(|u| u.at <= now).map_or(first, |u| u.at.max(first));
    resolved_at(i, now).map_or(last, |r| last.max(r))
}

/// When the incident was posted: its first update (an incident: or its start, if earlier).
pub fn created_at(i: &Incident) -> DateTime<FixedOffset> {
    let first = i.updates.first().map(|u| u.at);
    match i.kind {
        Kind::Incident => first.map_or(i.started, |u| u.min(i.started)),
        Kind::Maintenance => first.unwrap_or(i.started),
    }
}

/// Whether the JSON lists `i` at `now`: once its first update is posted (the feeds'
/// rule too), and an incident once it has started.
pub fn is_posted(i: &Incident, now: DateTime<FixedOffset>) -> bool {
    created_at(i) <= now && (i.kind == Kind::Maintenance || i.started <= now)
}
