//! Times given to the incident commands: `--at`/`--start`/`--end` parsed (RFC 3339,
//! or `YYYY-MM-DD HH:MM` / `HH:MM` in the site's timezone) and normalised, and the
//! order check of a new update: not more than [`FUTURE_SLACK`] after now, not before
//! the incident's latest update (`--force` lets either through).

use super::{usage, CmdError};
use crate::content::incident::Incident;
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone};
use chrono_tz::Tz;

/// How far after now `--at` may be (clock skew between commanders' machines).
pub const FUTURE_SLACK: Duration = Duration::minutes(5);

/// A time given on the command line, normalised to the site's timezone.
#[derive(Debug, Clone)]
pub struct Time {
    pub time: DateTime<FixedOffset>,
    /// RFC 3339 with offset, seconds precision.
    pub text: String,
    /// `YYYY-MM-DD` in the site's timezone.
    pub date: String,
}

/// When a posted update happened, as the command line gave it.
#[derive(Debug, Clone, Default)]
pub struct When {
    /// `--at` as typed; `None`: now.
    pub at: Option<String>,
    /// "Now" when given (`--now` / env FRONTLINE_NOW), else the clock.
    pub now: Option<DateTime<FixedOffset>>,
    /// `--force`: post even if the time is in the future or before the latest update.
    pub force: bool,
}

impl When {
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now.unwrap_or_else(|| chrono::Utc::now().fixed_offset())
    }

    /// The update's time: `--at`, else now.
    pub fn time(&self, tz: Tz) -> Result<Time, CmdError> {
        match &self.at {
            Some(s) => parse_time(s, Some(self.now()), tz, "--at"),
            None => Ok(in_tz(self.now(), tz)),
        }
    }

    /// Refuse `t` when it is more than [`FUTURE_SLACK`] after now or before the latest
    /// update of `inc` (unless `--force`).
    pub fn check(&self, t: &Time, tz: Tz, inc: Option<&Incident>) -> Result<(), CmdError> {
        if self.force {
            return Ok(());
        }
        let now = self.now();
        let short = |x: DateTime<FixedOffset>| x.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string();
        if t.time > now + FUTURE_SLACK {
            return Err(usage(format!(
                "--at {} is {} after now ({}): an update from the future is listed above the later ones on the status page, \
                 while the API and the feeds leave it out until then\n  hint: give the time it happened, or add --force to post it anyway",
                short(t.time),
                span(t.time - now),
                short(now)
            )));
        }
        let latest = inc.and_then(|i| i.updates.iter().max_by_key(|u| u.at));
        if let Some(last) = latest.filter(|u| t.time < u.at) {
            let given = if self.at.is_some() { format!("--at {}", short(t.time)) } else { format!("now ({})", short(t.time)) };
            return Err(usage(format!(
                "{given} is before the incident's latest update ({} at {}): the page would show the updates out of order\n  \
                 hint: give a time at or after {}, or add --force to post it anyway",
                super::broadcast::status_label(&last.status),
                short(last.at),
                fmt(last.at)
            )));
        }
        Ok(())
    }
}

/// `1 h 20 min`, `15 min`, `2 d 3 h`: a rough length for messages.
pub fn span(d: Duration) -> String {
    let m = d.num_minutes().abs();
    match m {
        0 => format!("{} s", d.num_seconds().abs()),
        1..=59 => format!("{m} min"),
        60..=1439 if m % 60 == 0 => format!("{} h", m / 60),
        60..=1439 => format!("{} h {} min", m / 60, m % 60),
        _ if m % 1440 < 60 => format!("{} d", m / 1440),
        _ => format!("{} d {} h", m / 1440, m % 1440 / 60),
    }
}

pub fn fmt(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

pub fn in_tz(t: DateTime<FixedOffset>, tz: Tz) -> Time {
    let local = t.with_timezone(&tz);
    let text = local.to_rfc3339_opts(SecondsFormat::Secs, false);
    let time = DateTime::parse_from_rfc3339(&text).unwrap_or(t);
    Time { time, text, date: local.format("%Y-%m-%d").to_string() }
}

/// RFC 3339, or `YYYY-MM-DD[T ]HH:MM[:SS]` / `HH:MM[:SS]` (today) in the site's timezone.
/// `now` (default: the clock) gives the day of `HH:MM`.
pub fn parse_time(s: &str, now: Option<DateTime<FixedOffset>>, tz: Tz, flag: &str) -> Result<Time, CmdError> {
    let s = s.trim();
    let t = parse_any_time(s, now, tz, flag)?;
    // The build refuses such a time (dates::FIRST_YEAR..=LAST_YEAR): never write one.
    let year = chrono::Datelike::year(&t.time);
    if !(crate::dates::FIRST_YEAR..=crate::dates::LAST_YEAR).contains(&year) {
        return Err(usage(format!(
            "{flag} `{s}`: year {year} is outside {}–{}; use a time such as 2026-11-20T10:04:00+03:00",
            crate::dates::FIRST_YEAR,
            crate::dates::LAST_YEAR
        )));
    }
    Ok(t)
}

fn parse_any_time(s: &str, now: Option<DateTime<FixedOffset>>, tz: Tz, flag: &str) -> Result<Time, CmdError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(in_tz(t, tz));
    }
    let naive = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| {
            let t = NaiveTime::parse_from_str(s, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(s, "%H:%M")).ok()?;
            Some(now.unwrap_or_else(|| chrono::Utc::now().fixed_offset()).with_timezone(&tz).date_naive().and_time(t))
        });
    let local = naive.and_then(|n| tz.from_local_datetime(&n).earliest());
    match local {
        Some(t) => Ok(in_tz(t.fixed_offset(), tz)),
        None => Err(usage(format!(
            "{flag} `{s}` is not a time; use RFC 3339 (2026-11-20T10:04:00+03:00) or `2026-11-20 10:04` / `10:04` in the site's timezone ({tz})"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        let tz: Tz = "Europe/Moscow".parse().unwrap();
        let t = parse_time("2026-11-23T07:00:00Z", None, tz, "--at").unwrap();
        assert_eq!((t.text.as_str(), t.date.as_str()), ("2026-11-23T10:00:00+03:00", "2026-11-23"));
        assert_eq!(parse_time("2026-11-23 23:30", None, tz, "--at").unwrap().text, "2026-11-23T23:30:00+03:00");
        assert!(parse_time("soon", None, tz, "--at").is_err());
        assert!(!When::default().time(tz).unwrap().text.contains('.'));
    }

    #[test]
    fn future_is_refused_within_slack_allowed() {
        let tz: Tz = "Europe/Moscow".parse().unwrap();
        let now = DateTime::parse_from_rfc3339("2026-11-23T00:30:00+03:00").ok();
        let check = |at: &str, force| {
            let w = When { at: Some(at.into()), now, force };
            w.check(&w.time(tz)?, tz, None)
        };
        assert!(check("00:35", false).is_ok());
        let Err(CmdError::Usage(m)) = check("00:45", false) else { panic!("00:45 accepted") };
        assert!(m.contains("15 min after now") && m.contains("--force"), "{m}");
        assert!(check("00:45", true).is_ok());
        assert_eq!(span(Duration::minutes(1500)), "1 d 1 h");
        assert_eq!(span(Duration::minutes(80)), "1 h 20 min");
    }
}
