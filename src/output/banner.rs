//! The status banner of help-center pages: every open incident, then maintenance in
//! progress or starting within 7 days, one line each, in the order `status-live.js`
//! draws them from `/api/v2/summary.json`.

use crate::content::incident::Incident;
use crate::model::routes::{incident_id, incident_path};
use crate::model::status;
use crate::model::Site;
use crate::render::i18n::{self, ui};
use chrono::Duration;
use serde::Serialize;

/// The banner on help-center pages: every open incident, then maintenance in progress
/// or starting within 7 days, one line each.
#[derive(Serialize)]
pub struct Banner {
    /// What the banner shows (`<level> <JSON id>:<status> …`): the page's script
    /// (`status-live.js`) redraws it only when the live data says something else.
    pub key: String,
    pub level: &'static str,
    pub items: Vec<BannerItem>,
}

/// One line of the banner.
#[derive(Serialize)]
pub struct BannerItem {
    /// "Ongoing incident" or "Scheduled maintenance".
    pub kind: &'static str,
    /// The incident's impact, or `maintenance`.
    pub level: &'static str,
    pub title: String,
    /// The incident's status; for maintenance, its status once it runs or when it starts.
    pub meta: String,
    pub url: String,
}

/// Banner for help-center pages, if anything is worth telling customers: the same
/// lines, in the same order, as `status-live.js` draws from `/api/v2/summary.json`.
pub fn banner(site: &Site, lang: &str) -> Option<Banner> {
    let now = site.now;
    let tz = site.config.timezone;
    let mut open: Vec<&Incident> = site.incidents.iter().filter(|i| status::is_open(i, now)).collect();
    open.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| a.id.cmp(&b.id)));
    let soon = now + Duration::days(7);
    let mut maint: Vec<&Incident> = site
        .incidents
        .iter()
        .filter(|i| {
            status::maintenance_active(i, now) || (status::maintenance_upcoming(i, now) && i.scheduled_start.is_some_and(|s| s <= soon))
        })
        .collect();
    maint.sort_by_key(|i| i.scheduled_start);
    let mut keys = Vec::new();
    let mut items = Vec::new();
    for i in open {
        let st = status::current_status(i, now);
        keys.push(format!("{}:{st}", incident_id(i)));
        items.push(BannerItem {
            kind: ui(lang, "banner_incident"),
            level: i.impact.as_str(),
            title: i.title.clone(),
            meta: ui(lang, st).into(),
            url: site.url(lang, &incident_path(i)),
        });
    }
    for m in maint {
        let active = status::maintenance_active(m, now);
        let st = if active { status::current_status(m, now) } else { "scheduled" };
        let meta = match (active, m.scheduled_start, m.scheduled_end) {
            (false, Some(s), Some(e)) => format!(
                "{}, {}–{}",
                i18n::day_month(&s, tz, lang),
                s.with_timezone(&tz).format("%H:%M"),
                e.with_timezone(&tz).format("%H:%M %Z")
            ),
            _ => ui(lang, st).into(),
        };
        keys.push(format!("{}:{st}", incident_id(m)));
        items.push(BannerItem {
            kind: ui(lang, "banner_maintenance"),
            level: "maintenance",
            title: m.title.clone(),
            meta,
            url: site.url(lang, &incident_path(m)),
        });
    }
    if items.is_empty() {
        return None;
    }
    let level = if items[0].level == "maintenance" { "maintenance" } else { status::indicator(&site.incidents, now).as_str() };
    Some(Banner { key: format!("{level} {}", keys.join(" ")), level, items })
}
