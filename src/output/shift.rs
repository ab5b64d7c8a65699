//! What operators need during a shift: open incidents and active or upcoming
//! maintenance, each with its status, age and runbooks (the incident's `runbooks:`
//! and the runbooks of its components). Shown on the internal home and (those that
//! touch it) at the top of a runbook page, and written as `status/shift.json` of each
//! language on the internal site only. It is one of the status files
//! ([`super::status_files`]), so a status-only publish (`incident … --build`), which
//! does not re-render those pages, rewrites it, and the pages' script
//! (`assets/ops-live.js`) redraws them from it.

use super::views::Link;
use super::OutputFile;
use crate::content::incident::{Incident, Kind};
use crate::content::Runbook;
use crate::model::{status, Site};
use crate::render::i18n::{self, ui};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// One open incident or maintenance, localized.
#[derive(Serialize)]
pub struct Item {
    pub id: String,
    /// `<id>:<status>`: what the page shows; the script redraws when the data differ.
    pub key: String,
    pub title: String,
    pub url: String,
    pub kind: Kind,
    /// `minor` / `major` / `critical` / `none` for incidents, `maintenance` for maintenance.
    pub level: &'static str,
    pub status: String,
    pub status_label: &'static str,
    /// Start of the incident or of the maintenance window.
    pub since_iso: String,
    pub since: String,
    /// `open` (incident), `running` (maintenance in progress) or `starts` (upcoming).
    pub age_kind: &'static str,
    /// "открыт 2 ч 20 мин", "starts in 4 d 14 h".
    pub age: String,
    pub upcoming: bool,
    pub components: Vec<String>,
    pub runbooks: Vec<Link>,
}

/// The incidents and maintenance an operator on shift must see, open incidents
/// first (oldest first), then maintenance in progress, then upcoming by start.
pub fn items(site: &Site, lang: &str) -> Vec<Item> {
    let now = site.now;
    let mut list: Vec<(&Incident, &'static str)> = Vec::new();
    list.extend(site.incidents.iter().filter(|i| status::is_open(i, now)).map(|i| (i, "open")));
    list.extend(site.incidents.iter().filter(|i| status::maintenance_active(i, now)).map(|i| (i, "running")));
    let mut upcoming: Vec<&Incident> = site.incidents.iter().filter(|i| status::maintenance_upcoming(i, now)).collect();
    upcoming.sort_by_key(|i| i.scheduled_start);
    list.extend(upcoming.into_iter().map(|i| (i, "starts")));
    list.into_iter().map(|(i, kind)| item(site, i, lang, kind)).collect()
}

fn item(site: &Site, i: &Incident, lang: &str, age_kind: &'static str) -> Item {
    let since = if i.kind == Kind::Maintenance { i.scheduled_start.unwrap_or(i.started) } else { i.started };
    let st = status::current_status(i, site.now).to_string();
    Item {
        id: i.id.clone(),
        key: format!("{}:{st}", i.id),
        title: i.title.clone(),
        url: site.url(lang, &crate::model::routes::incident_path(i)),
        kind: i.kind,
        level: if i.kind == Kind::Maintenance { "maintenance" } else { i.impact.as_str() },
        status_label: ui(lang, &st),
        status: st,
        since_iso: since.to_rfc3339(),
        since: i18n::date_time(&since, site.config.timezone, lang),
        age: age_text(age_kind, since, site.now, lang),
        age_kind,
        upcoming: age_kind == "starts",
        components: i.components.iter().map(|(c, _)| c.clone()).collect(),
        runbooks: runbooks(site, i).into_iter().map(|r| Link { title: r.doc.title.clone(), url: r.path.clone() }).collect(),
    }
}

/// The incident's own runbooks, then those of its components, each once.
fn runbooks<'a>(site: &'a Site, i: &Incident) -> Vec<&'a Runbook> {
    let mut out: Vec<&Runbook> = i.runbooks.iter().filter_map(|r| site.runbook_ref(r).ok()).collect();
    for r in &site.runbooks {
        if r.components.iter().any(|c| i.components.iter().any(|(ic, _)| ic == c)) && !out.iter().any(|o| o.path == r.path) {
            out.push(r);
        }
    }
    out
}

/// Does an item concern runbook `r` (names it, or touches one of its components)?
pub fn concerns(item: &Item, r: &Runbook) -> bool {
    item.runbooks.iter().any(|l| l.url == r.path) || item.components.iter().any(|c| r.components.contains(c))
}

/// "2 ч 20 мин" / "3 d 4 h" / "15 min": the two largest units, at least a minute.
pub fn duration(mins: i64, lang: &str) -> String {
    let mins = mins.max(1);
    let (d, h, m) = (mins / 1440, mins / 60 % 24, mins % 60);
    let u = |k: &str| ui(lang, k);
    match (d, h) {
        (0, 0) => format!("{m} {}", u("unit_min")),
        (0, _) if m == 0 => format!("{h} {}", u("unit_h")),
        (0, _) => format!("{h} {} {m} {}", u("unit_h"), u("unit_min")),
        (_, 0) => format!("{d} {}", u("unit_d")),
        _ => format!("{d} {} {h} {}", u("unit_d"), u("unit_h")),
    }
}

/// The age phrase of an item at `now`.
fn age_text(kind: &str, since: DateTime<FixedOffset>, now: DateTime<FixedOffset>, lang: &str) -> String {
    let mins = if kind == "starts" { (since - now).num_minutes() } else { (now - since).num_minutes() };
    ui(lang, &format!("age_{kind}")).replace("{age}", &duration(mins, lang))
}

/// UI strings `ops-live.js` needs to redraw the lists and their ages.
const LIVE_KEYS: &[&str] = &["age_open", "age_running", "age_starts", "unit_d", "unit_h", "unit_min", "runbooks", "since", "shift_none"];

/// `status/shift.json` (and `<lang>/status/shift.json`): the items and the strings to show them.
pub fn files(site: &Site) -> Vec<OutputFile> {
    site.config
        .languages
        .iter()
        .map(|lang| {
            let labels: serde_json::Map<String, serde_json::Value> =
                LIVE_KEYS.iter().map(|k| (k.to_string(), ui(lang, k).into())).collect();
            let doc = serde_json::json!({
                "generated": site.now.to_rfc3339(),
                "labels": labels,
                "items": items(site, lang),
            });
            OutputFile::new(path(site, lang).trim_start_matches('/').to_string(), serde_json::to_vec_pretty(&doc).unwrap_or_default())
        })
        .collect()
}

/// The URL of the shift data of `lang`.
pub fn path(site: &Site, lang: &str) -> String {
    site.url(lang, "/status/shift.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_show_the_two_largest_units() {
        // Written out, not rebuilt from the i18n table: a missing or swapped unit fails.
        let cases: &[(i64, &str, &str)] = &[
            (-5, "en", "1 min"),
            (0, "en", "1 min"),
            (59, "ru", "59 мин"),
            (60, "en", "1 h"),
            (140, "ru", "2 ч 20 мин"),
            (120, "en", "2 h"),
            (1439, "en", "23 h 59 min"),
            (1440, "ru", "1 д"),
            (3 * 1440 + 4 * 60 + 59, "en", "3 d 4 h"),
            (2 * 1440 + 5, "en", "2 d"),
            (2 * 1440 + 60, "ru", "2 д 1 ч"),
        ];
        for &(mins, lang, want) in cases {
            assert_eq!(duration(mins, lang), want, "{mins} min in {lang}");
        }
        assert!(!ui("ru", "unit_h").is_empty() && !ui("en", "age_open").is_empty());
    }
}
