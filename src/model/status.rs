//! Status rules (SPEC "Status rules"): which incidents are open, each
//! component's current status, the overall indicator, and daily uptime in the
//! site's time zone. Pure functions of the incidents and "now".

use crate::content::incident::{ComponentStatus, Impact, Incident, Kind};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use chrono_tz::Tz;

type Time = DateTime<FixedOffset>;

/// Overall indicator, as Statuspage's `status.indicator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Indicator {
    None,
    Maintenance,
    Minor,
    Major,
    Critical,
}

impl Indicator {
    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::None => "none",
            Indicator::Maintenance => "maintenance",
            Indicator::Minor => "minor",
            Indicator::Major => "major",
            Indicator::Critical => "critical",
        }
    }

    /// Statuspage's English description.
    pub fn description(self) -> &'static str {
        match self {
            Indicator::None => "All Systems Operational",
            Indicator::Minor => "Minor Service Outage",
            Indicator::Major => "Partial System Outage",
            Indicator::Critical => "Major System Outage",
            Indicator::Maintenance => "Service Under Maintenance",
        }
    }
}

/// An incident (not maintenance) is open from `started` until `resolved`.
pub fn is_open(i: &Incident, now: Time) -> bool {
    i.kind == Kind::Incident && i.started <= now && i.resolved.is_none_or(|r| r > now)
}

/// A maintenance window: scheduled start to scheduled end, or to `resolved` when that is earlier.
pub fn window(i: &Incident) -> Option<(Time, Time)> {
    let (s, e) = (i.scheduled_start?, i.scheduled_end?);
    Some((s, i.resolved.map_or(e, |r| r.min(e))))
}

pub fn maintenance_active(i: &Incident, now: Time) -> bool {
    i.kind == Kind::Maintenance && window(i).is_some_and(|(s, e)| s <= now && now < e)
}

pub fn maintenance_upcoming(i: &Incident, now: Time) -> bool {
    i.kind == Kind::Maintenance && i.resolved.is_none() && i.scheduled_start.is_some_and(|s| s > now)
}

/// Statuspage-style status of the incident now: its latest update's status at or before `now`.
pub fn current_status(i: &Incident, now: Time) -> &str {
    let latest = i.updates.iter().rfind(|u| u.at <= now).map(|u| u.status.as_str());
    match (i.kind, latest) {
        (Kind::Incident, _) if i.resolved.is_some_and(|r| r <= now) => "resolved",
        (Kind::Maintenance, _) if maintenance_active(i, now) => latest.filter(|s| *s == "verifying").unwrap_or("in_progress"),
        (Kind::Maintenance, _) if window(i).is_some_and(|(_, e)| e <= now) => "completed",
        (_, Some(s)) => s,
        (Kind::Incident, None) => "investigating",
        (Kind::Maintenance, None) => "scheduled",
    }
}

/// Piecewise-constant status of `comp` caused by one incident: `(from, to, status)`.
pub fn segments(i: &Incident, comp: &str, until: Time) -> Vec<(Time, Time, ComponentStatus)> {
    let lookup = |m: &[(String, ComponentStatus)]| m.iter().find(|(c, _)| c == comp).map(|(_, s)| *s);
    if i.kind == Kind::Maintenance {
        return match (window(i), lookup(&i.components)) {
            (Some((s, e)), Some(st)) if s < e => vec![(s, e, st)],
            _ => Vec::new(),
        };
    }
    let end = i.resolved.unwrap_or(until).min(until.max(i.started));
    let mut out = Vec::new();
    let mut from = i.started;
    let mut status = lookup(&i.components);
    // Updates are sorted by time; one at or before `started` only sets the initial status.
    for u in i.updates.iter().filter(|u| u.at < end) {
        let Some(s) = u.components.as_deref().and_then(lookup) else { continue };
        if u.at > from {
            if let Some(prev) = status {
                out.push((from, u.at, prev));
            }
            from = u.at;
        }
        status = Some(s);
    }
    if let Some(s) = status {
        if from < end {
            out.push((from, end, s));
        }
    }
    out
}

/// Worst status any incident gives `comp` at time `t`.
pub fn component_status(incidents: &[Incident], comp: &str, t: Time) -> ComponentStatus {
    incidents
        .iter()
        .flat_map(|i| segments(i, comp, t + Duration::seconds(1)))
        .filter(|(a, b, _)| *a <= t && t < *b)
        .map(|(_, _, s)| s)
        .max()
        .unwrap_or(ComponentStatus::Operational)
}

pub fn indicator(incidents: &[Incident], now: Time) -> Indicator {
    let worst = incidents
        .iter()
        .filter(|i| is_open(i, now))
        .map(|i| match i.impact {
            Impact::None | Impact::Minor => Indicator::Minor,
            Impact::Major => Indicator::Major,
            Impact::Critical => Indicator::Critical,
        })
        .max();
    match worst {
        Some(w) => w,
        None if incidents.iter().any(|i| maintenance_active(i, now)) => Indicator::Maintenance,
        None => Indicator::None,
    }
}

/// One day of one component's uptime.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Day {
    pub date: NaiveDate,
    /// 0.0–1.0.
    pub uptime: f64,
    pub major_seconds: i64,
    pub partial_seconds: i64,
    /// Worst status seen that day.
    pub worst: ComponentStatus,
}

/// Local midnight of `d` in `tz` (the earliest, across DST changes).
fn midnight(tz: Tz, d: NaiveDate) -> Time {
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&naive).earliest().map(|t| t.fixed_offset()).unwrap_or_else(|| naive.and_utc().fixed_offset())
}

/// Daily uptime of `comp` for the `days` days ending today (in `tz`), oldest first:
/// 1 − (major time + 0.3 × partial time) / length of the day (today: up to now).
pub fn uptime(incidents: &[Incident], comp: &str, now: Time, tz: Tz, days: i64) -> Vec<Day> {
    let segs: Vec<_> = incidents.iter().flat_map(|i| segments(i, comp, now)).collect();
    let today = now.with_timezone(&tz).date_naive();
    (0..days)
        .rev()
        .map(|back| {
            let date = today - Duration::days(back);
            let start = midnight(tz, date);
            let end = midnight(tz, date + Duration::days(1)).min(now);
            day_uptime(&segs, date, start, end)
        })
        .collect()
}

fn day_uptime(segs: &[(Time, Time, ComponentStatus)], date: NaiveDate, start: Time, end: Time) -> Day {
    let mut cuts: Vec<Time> = vec![start, end];
    for (a, b, _) in segs {
        for t in [*a, *b] {
            if t > start && t < end {
                cuts.push(t);
            }
        }
    }
    cuts.sort();
    cuts.dedup();
    let (mut major, mut partial, mut worst) = (0i64, 0i64, ComponentStatus::Operational);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let s = segs.iter().filter(|(x, y, _)| *x <= a && b <= *y).map(|(_, _, s)| *s).max().unwrap_or(ComponentStatus::Operational);
        worst = worst.max(s);
        let secs = (b - a).num_seconds();
        match s {
            ComponentStatus::MajorOutage => major += secs,
            ComponentStatus::PartialOutage => partial += secs,
            _ => {}
        }
    }
    let len = (end - start).num_seconds();
    let uptime = if len <= 0 { 1.0 } else { (1.0 - (major as f64 + 0.3 * partial as f64) / len as f64).clamp(0.0, 1.0) };
    Day { date, uptime, major_seconds: major, partial_seconds: partial, worst }
}

/// Average uptime over the days.
pub fn average(days: &[Day]) -> f64 {
    if days.is_empty() {
        1.0
    } else {
        days.iter().map(|d| d.uptime).sum::<f64>() / days.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::incident::Update;
    use ComponentStatus::*;

    fn t(s: &str) -> Time {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn inc(impact: Impact, started: &str, resolved: Option<&str>, comps: &[(&str, ComponentStatus)]) -> Incident {
        Incident {
            id: started.into(),
            source: "x.md".into(),
            title: "x".into(),
            kind: Kind::Incident,
            impact,
            components: comps.iter().map(|(c, s)| (c.to_string(), *s)).collect(),
            started: t(started),
            resolved: resolved.map(t),
            scheduled_start: None,
            scheduled_end: None,
            articles: vec![],
            runbooks: vec![],
            internal: None,
            updates: vec![],
            body: String::new(),
            body_line: 1,
            places: Default::default(),
            draft: false,
            html: Default::default(),
            internal_html: String::new(),
            undeclared: vec![],
        }
    }

    #[test]
    fn overlapping_incidents_worst_wins() {
        let a = inc(Impact::Major, "2026-11-20T10:00:00Z", Some("2026-11-20T12:00:00Z"), &[("api", MajorOutage)]);
        let b = inc(Impact::Minor, "2026-11-20T11:00:00Z", Some("2026-11-20T14:00:00Z"), &[("api", PartialOutage)]);
        let all = [a, b];
        assert_eq!(component_status(&all, "api", t("2026-11-20T11:30:00Z")), MajorOutage);
        assert_eq!(component_status(&all, "api", t("2026-11-20T13:00:00Z")), PartialOutage);
        assert_eq!(component_status(&all, "api", t("2026-11-20T14:00:00Z")), Operational);
        assert_eq!(component_status(&all, "checkout", t("2026-11-20T11:30:00Z")), Operational);
        assert_eq!(indicator(&all, t("2026-11-20T11:30:00Z")), Indicator::Major);
        assert_eq!(indicator(&all, t("2026-11-20T13:00:00Z")), Indicator::Minor);
        assert_eq!(indicator(&all, t("2026-11-20T15:00:00Z")), Indicator::None);
        // Major 10–12 (7200 s), partial only 12–14 (7200 s): 1 − (7200 + 0.3 × 7200) / 86400.
        let days = uptime(&all, "api", t("2026-11-21T12:00:00Z"), chrono_tz::UTC, 2);
        assert_eq!(days.len(), 2);
        assert_eq!((days[0].major_seconds, days[0].partial_seconds), (7200, 7200));
        assert!((days[0].uptime - (1.0 - 9360.0 / 86400.0)).abs() < 1e-9, "{}", days[0].uptime);
        assert_eq!(days[0].worst, MajorOutage);
        assert_eq!(days[1].uptime, 1.0);
    }

    #[test]
    fn incident_spanning_midnight_in_moscow() {
        // 23:00–01:00 Moscow time = 20:00–22:00 UTC: one UTC day, two Moscow days.
        let i = inc(Impact::Major, "2026-11-20T23:00:00+03:00", Some("2026-11-21T01:00:00+03:00"), &[("api", MajorOutage)]);
        let msk: Tz = "Europe/Moscow".parse().unwrap();
        let now = t("2026-11-22T12:00:00+03:00");
        let days = uptime(std::slice::from_ref(&i), "api", now, msk, 3);
        let dates: Vec<String> = days.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(dates, ["2026-11-20", "2026-11-21", "2026-11-22"]);
        assert_eq!(days[0].major_seconds, 3600);
        assert_eq!(days[1].major_seconds, 3600);
        assert!((days[0].uptime - (1.0 - 3600.0 / 86400.0)).abs() < 1e-9);
        // Today counts only up to now: 12 h so far, no outage.
        assert_eq!(days[2].uptime, 1.0);
        let utc = uptime(std::slice::from_ref(&i), "api", now, chrono_tz::UTC, 3);
        assert_eq!((utc[0].major_seconds, utc[1].major_seconds), (7200, 0), "in UTC both hours fall on the 20th");
    }

    #[test]
    fn update_changes_component_status() {
        let mut i = inc(Impact::Major, "2026-11-20T10:00:00Z", None, &[("api", MajorOutage)]);
        i.updates = vec![
            Update {
                at: t("2026-11-20T10:00:00Z"),
                status: "investigating".into(),
                message: String::new(),
                components: None,
                line: 1,
                from_body: false,
            },
            Update {
                at: t("2026-11-20T10:30:00Z"),
                status: "identified".into(),
                message: String::new(),
                components: Some(vec![("api".into(), DegradedPerformance)]),
                line: 2,
                from_body: false,
            },
        ];
        let all = [i];
        let now = t("2026-11-20T12:00:00Z");
        assert_eq!(component_status(&all, "api", now), DegradedPerformance);
        assert_eq!(current_status(&all[0], now), "identified");
        let d = &uptime(&all, "api", now, chrono_tz::UTC, 1)[0];
        assert_eq!(d.major_seconds, 1800, "degraded counts as up");
        // 12 h elapsed today: 1 − 1800 / 43200.
        assert!((d.uptime - (1.0 - 1800.0 / 43200.0)).abs() < 1e-9);
    }

    #[test]
    fn maintenance_windows() {
        let mut m = inc(Impact::None, "2026-11-28T02:00:00+03:00", None, &[("api", UnderMaintenance)]);
        m.kind = Kind::Maintenance;
        m.scheduled_start = Some(t("2026-11-28T02:00:00+03:00"));
        m.scheduled_end = Some(t("2026-11-28T04:00:00+03:00"));
        let all = [m];
        let before = t("2026-11-27T12:00:00+03:00");
        let during = t("2026-11-28T03:00:00+03:00");
        let after = t("2026-11-28T05:00:00+03:00");
        assert!(maintenance_upcoming(&all[0], before) && !maintenance_active(&all[0], before));
        assert!(maintenance_active(&all[0], during));
        assert_eq!(component_status(&all, "api", during), UnderMaintenance);
        assert_eq!(component_status(&all, "api", after), Operational);
        assert_eq!(indicator(&all, before), Indicator::None);
        assert_eq!(indicator(&all, during), Indicator::Maintenance);
        assert_eq!(current_status(&all[0], during), "in_progress");
        assert_eq!(current_status(&all[0], after), "completed");
        let msk: Tz = "Europe/Moscow".parse().unwrap();
        assert_eq!(uptime(&all, "api", after, msk, 1)[0].uptime, 1.0, "maintenance counts as up");
        // An open incident outranks maintenance; impact none counts as minor.
        let mut both = all.to_vec();
        both.push(inc(Impact::None, "2026-11-28T02:30:00+03:00", None, &[]));
        assert_eq!(indicator(&both, during), Indicator::Minor);
    }
}
