//! Status pages: `/status/`, `/status/incidents/<id>/`, `/status/history/`
//! (per language, both audiences), and the banner shown on help-center pages.

use super::job::{base, Job};
use super::views::Link;
use crate::content::incident::{ComponentStatus, Incident, Kind};
use crate::content::Audience;
use crate::model::routes::{component_name, incident_path};
use crate::model::status::{self, Indicator};
use crate::model::Site;
use crate::render::i18n::{self, ui};
use serde::Serialize;

#[derive(Serialize)]
pub struct DayView {
    pub label: String,
    pub level: &'static str,
    pub pct: String,
}

#[derive(Serialize)]
pub struct ComponentView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub uptime: String,
    pub days: Vec<DayView>,
}

#[derive(Serialize)]
pub struct GroupView {
    pub name: String,
    pub components: Vec<ComponentView>,
}

#[derive(Serialize)]
pub struct UpdateView {
    pub at: String,
    pub at_iso: String,
    pub status: String,
    pub status_label: &'static str,
    pub message: String,
}

#[derive(Serialize)]
pub struct IncidentView {
    pub id: String,
    /// The incident's id in the JSON API and its `status@updated_at` there.
    pub api_id: String,
    pub api_state: String,
    pub title: String,
    pub url: String,
    pub kind: Kind,
    pub impact: &'static str,
    pub impact_label: &'static str,
    pub status: String,
    pub status_label: &'static str,
    pub started: String,
    pub started_iso: String,
    pub resolved: String,
    pub window: String,
    pub updates: Vec<UpdateView>,
    pub components: Vec<Link>,
}

fn pct(x: f64) -> String {
    let s = format!("{:.2}", x * 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string() + "%"
}

fn status_level(s: ComponentStatus) -> &'static str {
    match s {
        ComponentStatus::Operational => "ok",
        ComponentStatus::UnderMaintenance => "maintenance",
        ComponentStatus::DegradedPerformance => "degraded",
        ComponentStatus::PartialOutage => "partial",
        ComponentStatus::MajorOutage => "major",
    }
}

fn groups(site: &Site, lang: &str) -> Vec<GroupView> {
    let tz = site.config.timezone;
    let mut groups: Vec<GroupView> = Vec::new();
    for c in &site.config.components {
        let gname = c.group.as_ref().map(|g| g.get(lang).to_string()).unwrap_or_default();
        let now_status = status::component_status(&site.incidents, &c.id, site.now);
        let days = status::uptime(&site.incidents, &c.id, site.now, tz, site.config.uptime_days);
        let day_views = days
            .iter()
            .map(|d| {
                let date = i18n::date(&crate::dates::parse(&d.date.to_string(), tz).map(|p| p.time).unwrap_or(site.now), tz, lang);
                let mut label = format!("{date}: {} {}", ui(lang, "uptime").to_lowercase(), pct(d.uptime));
                if d.worst != ComponentStatus::Operational {
                    label.push_str(&format!(", {}", ui(lang, d.worst.as_str()).to_lowercase()));
                }
                DayView { label, level: status_level(d.worst), pct: pct(d.uptime) }
            })
            .collect();
        let view = ComponentView {
            id: c.id.clone(),
            name: c.name.get(lang).to_string(),
            description: c.description.as_ref().map(|d| d.get(lang).to_string()).unwrap_or_default(),
            status: now_status.as_str(),
            status_label: ui(lang, now_status.as_str()),
            uptime: pct(status::average(&days)),
            days: day_views,
        };
        match groups.iter_mut().find(|g| g.name == gname) {
            Some(g) => g.components.push(view),
            None => groups.push(GroupView { name: gname, components: vec![view] }),
        }
    }
    groups
}

pub fn incident_view(site: &Site, i: &Incident, lang: &str) -> IncidentView {
    let tz = site.config.timezone;
    let dt = |t: &chrono::DateTime<chrono::FixedOffset>| i18n::date_time(t, tz, lang);
    let st = status::current_status(i, site.now).to_string();
    let window = match (i.scheduled_start, i.scheduled_end) {
        (Some(s), Some(e)) => format!("{} — {}", dt(&s), dt(&e)),
        _ => String::new(),
    };
    let (api_id, api_state) = super::api::incident_stamp(site, i);
    IncidentView {
        id: i.id.clone(),
        api_id,
        api_state,
        title: i.title.clone(),
        url: site.url(lang, &incident_path(i)),
        kind: i.kind,
        impact: i.impact.as_str(),
        impact_label: ui(lang, &format!("impact_{}", i.impact.as_str())),
        status_label: ui(lang, &st),
        status: st,
        started: dt(&i.started),
        started_iso: i.started.to_rfc3339(),
        resolved: i.resolved.map(|r| dt(&r)).unwrap_or_default(),
        window,
        updates: i
            .updates
            .iter()
            .rev()
            // An update made from the body repeats it: the page shows the body.
            .filter(|u| !u.from_body)
            .map(|u| UpdateView {
                at: dt(&u.at),
                at_iso: u.at.to_rfc3339(),
                status: u.status.clone(),
                status_label: ui(lang, &u.status),
                message: u.message.clone(),
            })
            .collect(),
        components: i
            .components
            .iter()
            .map(|(c, _)| Link {
                title: component_name(&site.config, c, lang),
                url: format!("{}#component-{c}", site.url(lang, "/status/")),
            })
            .collect(),
    }
}

pub(super) fn jobs(site: &Site, audience: Audience) -> Vec<Job> {
    let mut jobs = Vec::new();
    for lang in &site.config.languages {
        jobs.push(status_page(site, lang, audience));
        jobs.push(history(site, lang, audience));
        for i in &site.incidents {
            jobs.push(incident_page(site, i, lang, audience));
        }
    }
    jobs
}

fn alternates(site: &Site, path: &str) -> Vec<(String, String)> {
    site.config.languages.iter().map(|l| (l.clone(), site.url(l, path))).collect()
}

/// UI strings the status page's script (`status-live.js`) needs to redraw it.
const LIVE_KEYS: &[&str] = &[
    "ind_none",
    "ind_minor",
    "ind_major",
    "ind_critical",
    "ind_maintenance",
    "operational",
    "under_maintenance",
    "degraded_performance",
    "partial_outage",
    "major_outage",
    "investigating",
    "identified",
    "monitoring",
    "resolved",
    "scheduled",
    "in_progress",
    "verifying",
    "completed",
    "window",
    "started",
    "affected",
    "live_updated",
    "live_stale",
];

fn status_page(site: &Site, lang: &str, audience: Audience) -> Job {
    let ind = status::indicator(&site.incidents, site.now);
    let mut ctx = base(site, lang, audience, "status", ui(lang, "status_page"), &alternates(site, "/status/"));
    ctx.insert("indicator", ind.as_str());
    ctx.insert("indicator_label", ui(lang, &format!("ind_{}", ind.as_str())));
    ctx.insert("groups", &groups(site, lang));
    let open: Vec<_> = site.incidents.iter().filter(|i| status::is_open(i, site.now)).map(|i| incident_view(site, i, lang)).collect();
    ctx.insert("open_incidents", &open);
    let active: Vec<_> =
        site.incidents.iter().filter(|i| status::maintenance_active(i, site.now)).map(|i| incident_view(site, i, lang)).collect();
    ctx.insert("active_maintenance", &active);
    let mut upcoming: Vec<&Incident> = site.incidents.iter().filter(|i| status::maintenance_upcoming(i, site.now)).collect();
    upcoming.sort_by_key(|i| i.scheduled_start);
    let upcoming: Vec<_> = upcoming.into_iter().map(|i| incident_view(site, i, lang)).collect();
    ctx.insert("upcoming_maintenance", &upcoming);
    let recent: Vec<_> = site
        .incidents
        .iter()
        .filter(|i| !status::is_open(i, site.now) && i.kind == Kind::Incident && i.started <= site.now)
        .take(5)
        .map(|i| incident_view(site, i, lang))
        .collect();
    ctx.insert("recent", &recent);
    ctx.insert("uptime_days", &site.config.uptime_days);
    ctx.insert("generated_at", &i18n::date_time(&site.now, site.config.timezone, lang));
    ctx.insert("live_keys", LIVE_KEYS);
    Job { url: site.url(lang, "/status/"), template: "status.html", ctx }
}

fn history(site: &Site, lang: &str, audience: Audience) -> Job {
    let mut ctx = base(site, lang, audience, "history", ui(lang, "history"), &alternates(site, "/status/history/"));
    #[derive(Serialize)]
    struct Month {
        title: String,
        incidents: Vec<IncidentView>,
    }
    let tz = site.config.timezone;
    let mut months: Vec<Month> = Vec::new();
    for i in &site.incidents {
        let t = i.scheduled_start.unwrap_or(i.started);
        let d = i18n::date(&t, tz, lang);
        let title = month_title(&d, lang);
        let v = incident_view(site, i, lang);
        match months.last_mut() {
            Some(m) if m.title == title => m.incidents.push(v),
            _ => months.push(Month { title, incidents: vec![v] }),
        }
    }
    ctx.insert("months", &months);
    Job { url: site.url(lang, "/status/history/"), template: "history.html", ctx }
}

/// "20 ноября 2026" -> "Ноябрь 2026"; "November 20, 2026" -> "November 2026".
fn month_title(date: &str, lang: &str) -> String {
    if lang == "ru" {
        const GEN: [(&str, &str); 12] = [
            ("января", "Январь"),
            ("февраля", "Февраль"),
            ("марта", "Март"),
            ("апреля", "Апрель"),
            ("мая", "Май"),
            ("июня", "Июнь"),
            ("июля", "Июль"),
            ("августа", "Август"),
            ("сентября", "Сентябрь"),
            ("октября", "Октябрь"),
            ("ноября", "Ноябрь"),
            ("декабря", "Декабрь"),
        ];
        let parts: Vec<&str> = date.split(' ').collect();
        let month = parts.get(1).and_then(|m| GEN.iter().find(|(g, _)| g == m)).map_or("", |(_, n)| n);
        format!("{month} {}", parts.get(2).unwrap_or(&""))
    } else {
        let parts: Vec<&str> = date.split(' ').collect();
        format!("{} {}", parts.first().unwrap_or(&""), parts.get(2).unwrap_or(&""))
    }
}

fn incident_page(site: &Site, i: &Incident, lang: &str, audience: Audience) -> Job {
    let path = incident_path(i);
    let mut ctx = base(site, lang, audience, "incident", &i.title, &alternates(site, &path));
    ctx.insert("incident", &incident_view(site, i, lang));
    ctx.insert("body", &i.html.html(audience));
    let articles: Vec<Link> = i
        .articles
        .iter()
        .filter_map(|a| site.article_ref(a).ok())
        .filter_map(|k| site.in_lang(&k, lang))
        .filter(|a| Site::visible(a, audience))
        .map(|a| Link { title: a.doc.title.clone(), url: site.article_url(a) })
        .collect();
    ctx.insert("articles", &articles);
    if audience == Audience::Internal {
        let runbooks: Vec<Link> = i
            .runbooks
            .iter()
            .filter_map(|r| site.runbook_ref(r).ok())
            .map(|r| Link { title: r.doc.title.clone(), url: r.path.clone() })
            .collect();
        ctx.insert("runbooks", &runbooks);
        ctx.insert("internal_note", &i.internal_html);
    }
    ctx.insert(
        "breadcrumbs",
        &[
            Link { title: ui(lang, "status_page").into(), url: site.url(lang, "/status/") },
            Link { title: ui(lang, "history").into(), url: site.url(lang, "/status/history/") },
        ],
    );
    Job { url: site.url(lang, &path), template: "incident.html", ctx }
}

pub fn indicator_label(ind: Indicator, lang: &str) -> &'static str {
    ui(lang, &format!("ind_{}", ind.as_str()))
}
