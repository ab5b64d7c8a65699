//! Liberal date parsing shared by config, content and incidents: RFC 3339,
//! `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` and `THH:MM` without offset (read as UTC,
//! with a warning), odd hours like `T7:30:00`, and US `MM/DD/YYYY`. Only years
//! [`FIRST_YEAR`]..=[`LAST_YEAR`] are accepted, so adding a review period (at most
//! 100 years) or walking days can never leave chrono's range.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// A parsed time plus whether it lacked an offset (callers warn about that).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parsed {
    pub time: DateTime<FixedOffset>,
    pub assumed_utc: bool,
}

/// The earliest year a stored time may have.
pub const FIRST_YEAR: i32 = 1900;
/// The latest year a stored time may have.
pub const LAST_YEAR: i32 = 2199;

/// Parse `s`. Date-only values are midnight in `tz` (no warning: a day has no offset).
/// A time outside [`FIRST_YEAR`]..=[`LAST_YEAR`] is `None` (see [`out_of_range`]).
pub fn parse(s: &str, tz: Tz) -> Option<Parsed> {
    parse_any(s, tz).filter(|p| (FIRST_YEAR..=LAST_YEAR).contains(&p.time.year()))
}

/// Why `s` is refused when it is a well-formed time outside the accepted years.
pub fn out_of_range(s: &str, tz: Tz) -> Option<String> {
    let p = parse_any(s, tz)?;
    let year = p.time.year();
    (!(FIRST_YEAR..=LAST_YEAR).contains(&year)).then(|| format!("year {year} is outside {FIRST_YEAR}–{LAST_YEAR}"))
}

/// `days` after `t`, or `None` when that is not a representable time.
pub fn add_days(t: DateTime<FixedOffset>, days: i64) -> Option<DateTime<FixedOffset>> {
    t.checked_add_signed(chrono::TimeDelta::try_days(days)?)
}

fn parse_any(s: &str, tz: Tz) -> Option<Parsed> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(Parsed { time: t, assumed_utc: false });
    }
    if let Some(t) = parse_with_offset(s) {
        return Some(Parsed { time: t, assumed_utc: false });
    }
    if let Some(d) = parse_date_only(s) {
        let local = tz.from_local_datetime(&d.and_time(NaiveTime::MIN)).earliest()?;
        return Some(Parsed { time: local.fixed_offset(), assumed_utc: false });
    }
    let naive = parse_naive(s)?;
    Some(Parsed { time: naive.and_utc().fixed_offset(), assumed_utc: true })
}

/// Times with an offset that RFC 3339 refuses but Go's parser (Hugo, cState) and
/// people write: a space for `T`, no seconds, a one-digit hour (`T8:00:00-00:00`),
/// `Z` after such a time.
fn parse_with_offset(s: &str) -> Option<DateTime<FixedOffset>> {
    const FORMATS: [&str; 5] =
        ["%Y-%m-%d %H:%M:%S%:z", "%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%d %H:%M%:z"];
    let zulu = s.strip_suffix('Z').or_else(|| s.strip_suffix('z')).map(|t| format!("{t}+00:00"));
    let s = zulu.as_deref().unwrap_or(s);
    FORMATS.iter().find_map(|f| DateTime::parse_from_str(s, f).ok())
}

fn parse_date_only(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| NaiveDate::parse_from_str(s, "%m/%d/%Y").ok())
}

fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    // Strip a trailing `Z`-less fraction or stray text the formats below do not cover.
    let s = s.trim_end_matches('Z');
    const FORMATS: [&str; 6] =
        ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S%.f", "%m/%d/%Y %H:%M"];
    FORMATS.iter().find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_world_forms() {
        let tz: Tz = "Europe/Moscow".parse().unwrap();
        let p = parse("2026-11-20T10:04:00+03:00", tz).unwrap();
        assert!(!p.assumed_utc);
        assert_eq!(p.time.to_rfc3339(), "2026-11-20T10:04:00+03:00");
        let d = parse("2026-11-01", tz).unwrap();
        assert_eq!(d.time.to_rfc3339(), "2026-11-01T00:00:00+03:00");
        // cState (Go's parser) writes one-digit hours with an offset too.
        let go = parse("2023-12-04T8:00:00-00:00", tz).unwrap();
        assert!(!go.assumed_utc);
        assert_eq!(go.time.to_rfc3339(), "2023-12-04T08:00:00+00:00");
        assert_eq!(parse("2023-12-04T8:05:00Z", tz).unwrap().time.to_rfc3339(), "2023-12-04T08:05:00+00:00");
        assert_eq!(parse("2023-12-04T18:05:00.5+03:00", tz).unwrap().time.to_rfc3339(), "2023-12-04T18:05:00.500+03:00");
        let odd = parse("2021-03-04T7:30:00", tz).unwrap();
        assert!(odd.assumed_utc);
        assert_eq!(odd.time.to_rfc3339(), "2021-03-04T07:30:00+00:00");
        let space = parse("2021-03-04 17:30", tz).unwrap();
        assert!(space.assumed_utc);
        let us = parse("11/02/2026", tz).unwrap();
        assert_eq!(us.time.date_naive().to_string(), "2026-11-02");
        assert!(parse("yesterday", tz).is_none());
    }

    #[test]
    fn absurd_years_are_refused_and_arithmetic_is_checked() {
        let tz = chrono_tz::UTC;
        assert!(parse("+262000-01-01T00:00:00", tz).is_none());
        assert_eq!(out_of_range("+262000-01-01T00:00:00", tz).as_deref(), Some("year 262000 is outside 1900–2199"));
        assert_eq!(out_of_range("9999-12-31", tz).as_deref(), Some("year 9999 is outside 1900–2199"));
        assert!(out_of_range("2026-11-01", tz).is_none() && out_of_range("yesterday", tz).is_none());
        let t = parse("2199-12-31", tz).unwrap().time;
        assert!(add_days(t, 36_525).is_some());
        assert!(add_days(t, i64::MAX).is_none());
        assert!(add_days(DateTime::<FixedOffset>::MAX_UTC.fixed_offset(), 1).is_none());
    }
}
