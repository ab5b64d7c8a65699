//! `incident list`: the site's incidents and maintenance, open ones first (open
//! incidents newest first, then maintenance under way or to come, soonest first),
//! then the most recently closed ones. Printing is the CLI's job.

use super::find::{is_open, load_all};
use super::{incidents_dir, load_config, CmdError};
use crate::config::Config;
use crate::content::incident::{Incident, Kind};
use crate::diag::Diagnostics;
use crate::model::status;
use chrono::{DateTime, FixedOffset};
use std::cmp::Reverse;
use std::path::Path;

/// How many closed incidents `incident list` shows without `--all`.
pub const RECENT: usize = 10;

/// What `incident list` shows.
#[derive(Debug)]
pub struct Listing {
    pub config: Config,
    pub now: DateTime<FixedOffset>,
    /// Open incidents, then active and upcoming maintenance.
    pub open: Vec<Incident>,
    /// Resolved incidents and past maintenance, most recently closed first.
    pub closed: Vec<Incident>,
    /// Closed ones left out (without `--all`).
    pub more: usize,
    /// Problems of incident files that could not be read (they are not listed).
    pub diagnostics: Diagnostics,
}

/// When a closed incident or maintenance ended.
pub fn closed_at(i: &Incident) -> DateTime<FixedOffset> {
    i.resolved.or_else(|| status::window(i).map(|(_, e)| e)).unwrap_or(i.started)
}

/// The incidents of the site at `--root`; `all`: every closed one, not just [`RECENT`].
pub fn list(root: &Path, all: bool, now: Option<DateTime<FixedOffset>>) -> Result<Listing, CmdError> {
    let config = load_config(root)?;
    let now = now.unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    let (entries, items) = load_all(&config, &incidents_dir(&config));
    let mut diagnostics = Diagnostics { items };
    diagnostics.items.retain(|d| d.is_error());
    let (mut open, mut closed): (Vec<Incident>, Vec<Incident>) =
        entries.into_iter().filter_map(|e| e.incident).partition(|i| is_open(i, now));
    open.sort_by_key(|i| match i.kind {
        Kind::Incident => (0, Reverse(i.started.timestamp()), i.id.clone()),
        // Under way (started longest ago first), then to come, soonest first.
        Kind::Maintenance => (1, Reverse((now - i.scheduled_start.unwrap_or(i.started)).num_seconds()), i.id.clone()),
    });
    closed.sort_by_key(|i| (Reverse(closed_at(i)), i.id.clone()));
    let keep = if all { closed.len() } else { RECENT.min(closed.len()) };
    let more = closed.len() - keep;
    closed.truncate(keep);
    Ok(Listing { config, now, open, closed, more, diagnostics })
}
