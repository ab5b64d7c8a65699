//! Broadcast stage of the incident commands: POST each new update to every
//! `site.yaml` `broadcast.webhooks` entry, as a Slack incoming-webhook message
//! (`format: slack`) or a Statuspage-style incident-update webhook (`format: json`).
//! Delivery has a short time budget and one retry; failures are returned, never raised.

use crate::config::{Config, Webhook};
use crate::content::incident::{Impact, Incident, Kind, Update};
use crate::model::routes::incident_path;
use crate::model::statuspage;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Total time one delivery may take, retry included.
const BUDGET: Duration = Duration::from_secs(5);
/// Pause before the one retry.
const RETRY_AFTER: Duration = Duration::from_millis(500);

/// The result of posting one update to one webhook.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub url: String,
    /// HTTP status on success; the status or transport error otherwise.
    pub result: Result<u16, String>,
}

/// Public page of the incident: `<base_url>/status/incidents/<id>/`.
pub fn link(config: &Config, incident: &Incident) -> String {
    format!("{}{}", config.base_url, incident_path(incident))
}

/// `in_progress` -> `In progress`.
pub fn status_label(status: &str) -> String {
    let s = status.replace('_', " ");
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Slack incoming webhook: `{"text": "<title> — <Status>: <message> <link>"}`
/// (`&`, `<`, `>` escaped as Slack requires).
pub fn slack_body(config: &Config, incident: &Incident, update: &Update) -> Value {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let text = format!("{} — {}: {} {}", esc(&incident.title), status_label(&update.status), esc(&update.message), link(config, incident));
    json!({ "text": text })
}

/// Page status as seen from this incident alone (a webhook does not rebuild the site).
fn page_status(incident: &Incident) -> (&'static str, &'static str) {
    let last = incident.updates.last().map_or("", |u| u.status.as_str());
    if incident.resolved.is_some() {
        return ("none", "All Systems Operational");
    }
    if incident.kind == Kind::Maintenance {
        return match last {
            "in_progress" | "verifying" => ("maintenance", "Service Under Maintenance"),
            _ => ("none", "All Systems Operational"),
        };
    }
    match incident.impact {
        Impact::None | Impact::Minor => ("minor", "Minor Service Outage"),
        Impact::Major => ("major", "Partial System Outage"),
        Impact::Critical => ("critical", "Major System Outage"),
    }
}

/// A Statuspage-style incident-update webhook body: `page` + `incident` as the JSON
/// API gives it at the moment of the announced update (the same model,
/// [`statuspage::incident`]), so `incident_updates[0]` is that update and receivers
/// can match ids with `/api/v2/incidents.json`.
pub fn json_body(config: &Config, incident: &Incident, update: usize) -> Value {
    let (indicator, description) = page_status(incident);
    let at = incident.updates.get(update).map_or(incident.started, |u| u.at);
    let inc = statuspage::incident(config, incident, at);
    json!({
        "page": { "id": inc.page_id, "status_indicator": indicator, "status_description": description },
        "incident": inc,
    })
}

/// POST the updates at `updates` (indices into `incident.updates`) to every webhook,
/// the webhooks in parallel, each webhook's updates in order.
pub fn broadcast(config: &Config, incident: &Incident, updates: &[usize]) -> Vec<Delivery> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .user_agent(concat!("frontline/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let send = |hook: &Webhook| -> Vec<Delivery> {
        updates
            .iter()
            .filter_map(|&i| incident.updates.get(i).map(|u| (i, u)))
            .map(|(i, u)| {
                let body = match hook.format.as_str() {
                    "slack" => slack_body(config, incident, u),
                    _ => json_body(config, incident, i),
                };
                Delivery { url: hook.url.clone(), result: post(&agent, &hook.url, &body.to_string()) }
            })
            .collect()
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = config.webhooks.iter().map(|h| s.spawn(move || send(h))).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// One POST with one retry after [`RETRY_AFTER`], all within [`BUDGET`]. A 4xx other
/// than 408/429 is not retried: the same request would be refused again.
fn post(agent: &ureq::Agent, url: &str, body: &str) -> Result<u16, String> {
    let deadline = Instant::now() + BUDGET;
    let mut last = String::from("timed out");
    for attempt in 0..2 {
        if attempt > 0 {
            if deadline.saturating_duration_since(Instant::now()) < RETRY_AFTER * 2 {
                break;
            }
            std::thread::sleep(RETRY_AFTER);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let req = agent.post(url).config().timeout_global(Some(left)).build().header("Content-Type", "application/json");
        match req.send(body) {
            Ok(resp) => {
                let code = resp.status().as_u16();
                if (200..300).contains(&code) {
                    return Ok(code);
                }
                last = format!("HTTP {code}");
                if (400..500).contains(&code) && code != 408 && code != 429 {
                    break;
                }
            }
            Err(ureq::Error::TlsRequired) => {
                return Err("https needs TLS support, which this build of frontline was compiled without (ureq `rustls` feature)".into());
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(status_label("in_progress"), "In progress");
        assert_eq!(status_label("resolved"), "Resolved");
    }
}
