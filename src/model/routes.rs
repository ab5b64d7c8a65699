//! Every id and status URL the outputs share: the Statuspage ids (stable across
//! builds, derived from file paths and names, never random), incident page paths and
//! component names. The API files, feeds, pages and webhooks all take them from here.

use crate::config::Config;
use crate::content::incident::Incident;
use chrono::{DateTime, FixedOffset};

pub use super::stable_id;

pub fn incident_id(i: &Incident) -> String {
    stable_id(&format!("incident:{}", i.id))
}

pub fn update_id(i: &Incident, at: &DateTime<FixedOffset>, n: usize) -> String {
    stable_id(&format!("update:{}:{}:{n}", i.id, at.to_rfc3339()))
}

pub fn group_id(name: &str) -> String {
    stable_id(&format!("group:{name}"))
}

/// The Statuspage `page.id`: from the site's title in its default language, so
/// it stays the same when the site moves (`--base-url` for a preview, a new domain).
pub fn page_id(config: &Config) -> String {
    stable_id(&format!("page:{}", config.title.get(config.default_language())))
}

/// `/status/incidents/<id>/` (without a language prefix).
pub fn incident_path(i: &Incident) -> String {
    format!("/status/incidents/{}/", i.id)
}

/// A component's name in `lang` (its id when it is not configured).
pub fn component_name(config: &Config, id: &str, lang: &str) -> String {
    config.components.iter().find(|c| c.id == id).map_or_else(|| id.to_string(), |c| c.name.get(lang).to_string())
}
