//! Finding incidents for the incident commands: the files under `content/incidents/`,
//! reading and parsing one, and matching what the commander typed (an id, a unique
//! fragment of it, its transliteration, or the title) to exactly one incident.

use super::{usage, CmdError};
use crate::config::Config;
use crate::content::incident::{self, Incident, Kind};
use crate::content::slug::slugify;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::status;
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};

/// One incident file: its id (file name without `.md`), path, and the parsed
/// incident (`None` when the file has errors).
#[derive(Debug)]
pub struct Entry {
    pub id: String,
    pub path: PathBuf,
    pub incident: Option<Incident>,
}

impl Entry {
    fn title(&self) -> Option<&str> {
        self.incident.as_ref().map(|i| i.title.as_str())
    }
}

/// Open at `now`: an incident not resolved yet, or maintenance under way or to come.
pub fn is_open(i: &Incident, now: DateTime<FixedOffset>) -> bool {
    match i.kind {
        Kind::Incident => i.resolved.is_none_or(|r| r > now),
        Kind::Maintenance => status::maintenance_active(i, now) || status::maintenance_upcoming(i, now),
    }
}

/// Incident files under `dir` as `(id, path)`, sorted by id, and what was wrong on
/// the way (a link out of the site, an unreadable folder): the build's own walk
/// ([`crate::content::walk`]), so the commands see the files the build sees.
pub fn incident_files(root: &Path, dir: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let (found, problems) = crate::content::walk::files(root, dir, true);
    let mut out: Vec<(String, PathBuf)> = found
        .into_iter()
        .filter_map(|f| {
            let id = f.abs.file_name()?.to_str()?.strip_suffix(".md")?.to_string();
            (!id.is_empty()).then_some((id, f.abs))
        })
        .collect();
    out.sort();
    (out, problems)
}

/// Read one incident file as `build` does: bounded, regular files only, a lone CR
/// read as a line end, UTF-8. Returns the path as shown in messages and the text.
pub fn read(config: &Config, path: &Path) -> Result<(PathBuf, String), CmdError> {
    let shown = path.strip_prefix(&config.root).unwrap_or(path).to_path_buf();
    let mut bytes = crate::content::read_bytes(&shown, path, crate::content::MAX_FILE_MIB)
        .map_err(|d| CmdError::Content(Diagnostics { items: vec![d] }))?;
    crate::content::lone_cr_to_lf(&mut bytes);
    let text = String::from_utf8(bytes).map_err(|_| {
        CmdError::Content(Diagnostics {
            items: vec![Diagnostic::error(&shown, 1, "invalid-utf8", "the file is not UTF-8; save it as UTF-8")],
        })
    })?;
    Ok((shown, text))
}

/// Every incident file under `dir`, parsed; the problems of those that do not parse.
pub fn load_all(config: &Config, dir: &Path) -> (Vec<Entry>, Vec<Diagnostic>) {
    let (files, mut diags) = incident_files(&config.root, dir);
    let entries = files
        .into_iter()
        .map(|(id, path)| {
            let incident = match read(config, &path) {
                Ok((shown, text)) => {
                    let (inc, d) = incident::parse(config, &shown, text.strip_prefix('\u{feff}').unwrap_or(&text));
                    diags.extend(d);
                    inc
                }
                Err(CmdError::Content(d)) => {
                    diags.extend(d.items);
                    None
                }
                Err(CmdError::Usage(_)) => None,
            };
            Entry { id, path, incident }
        })
        .collect();
    (entries, diags)
}

/// What was typed, as an id: a path's file name without `.md`.
fn id_part(typed: &str) -> &str {
    let name = typed.rsplit(['/', '\\']).next().unwrap_or(typed);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The entries matching `query`, by the first rule that matches any: the exact id;
/// the title (case-insensitive); an id ending in `-<q>`, then in `<q>`, then
/// containing `<q>` (`q`: what was typed, lower-cased, and its transliterated slug);
/// a title containing what was typed.
pub fn matches<'a>(entries: &'a [Entry], query: &str) -> Vec<&'a Entry> {
    let typed = query.trim();
    let id_q = id_part(typed);
    let lower = typed.to_lowercase();
    let mut keys = vec![id_q.to_lowercase()];
    if typed.chars().any(char::is_alphanumeric) {
        let slug = slugify(typed);
        if !keys.contains(&slug) {
            keys.push(slug);
        }
    }
    let keys: Vec<String> = keys.into_iter().filter(|k| !k.is_empty()).collect();
    let id_lower = |e: &Entry| e.id.to_lowercase();
    let tiers: [&dyn Fn(&Entry) -> bool; 6] = [
        &|e| e.id == id_q,
        &|e| e.title().is_some_and(|t| t.trim().to_lowercase() == lower),
        &|e| keys.iter().any(|k| id_lower(e).ends_with(&format!("-{k}"))),
        &|e| keys.iter().any(|k| id_lower(e).ends_with(k.as_str())),
        &|e| keys.iter().any(|k| id_lower(e).contains(k.as_str())),
        &|e| !lower.is_empty() && e.title().is_some_and(|t| t.to_lowercase().contains(&lower)),
    ];
    tiers.iter().map(|t| entries.iter().filter(|e| t(e)).collect::<Vec<_>>()).find(|v| !v.is_empty()).unwrap_or_default()
}

/// The one incident file `query` names. None or several -> a usage error that lists
/// the candidates (open ones marked, as of `now`).
pub fn find_incident(config: &Config, dir: &Path, query: &str, now: DateTime<FixedOffset>) -> Result<PathBuf, CmdError> {
    if query.trim().is_empty() {
        return Err(usage(
            "the incident SLUG is empty; give its id (2026-11-20-card-payments), a part of it (card-payments) or its title in quotes",
        ));
    }
    // The exact id needs no parsing of every file.
    let exact = id_part(query.trim());
    // (Walk problems are reported by `load_all` below and by the build.)
    if let Some((_, path)) = incident_files(&config.root, dir).0.into_iter().find(|(id, _)| id == exact) {
        return Ok(path);
    }
    let (entries, _) = load_all(config, dir);
    match matches(&entries, query).as_slice() {
        [one] => Ok(one.path.clone()),
        [] => Err(not_found(dir, &entries, query.trim())),
        many => {
            let width = many.iter().map(|e| e.id.chars().count()).max().unwrap_or(0);
            let mut rows: Vec<(bool, &Entry)> = many.iter().map(|e| (e.incident.as_ref().is_some_and(|i| is_open(i, now)), *e)).collect();
            // Open ones first: they are the ones a commander usually means.
            rows.sort_by_key(|(open, _)| !open);
            let lines: Vec<String> = rows
                .iter()
                .map(|(open, e)| {
                    let mark = if *open { "open    " } else { "        " };
                    format!("  {:width$}  {mark}{}", e.id, e.title().unwrap_or("(file has errors)"))
                })
                .collect();
            Err(usage(format!(
                "`{}` matches {} incidents; give the whole id, more of it, or the whole title:\n{}",
                query.trim(),
                many.len(),
                lines.join("\n")
            )))
        }
    }
}

fn not_found(dir: &Path, entries: &[Entry], query: &str) -> CmdError {
    let mut msg = format!("no incident matches `{query}` in {}", dir.display());
    if entries.is_empty() {
        msg.push_str(" (there are no incidents yet; start one with `frontline incident open`)");
        return usage(msg);
    }
    // Compare with the part after the `YYYY-MM-DD-` date, as people type it.
    let tail = |id: &str| id.get(11..).filter(|_| id.as_bytes().get(10) == Some(&b'-')).unwrap_or(id).to_string();
    let tails: Vec<String> = entries.iter().map(|e| tail(&e.id)).collect();
    let slug = slugify(query);
    if let Some(t) = did_you_mean(query, tails.iter().map(String::as_str)).or_else(|| did_you_mean(&slug, tails.iter().map(String::as_str)))
    {
        let id = entries.iter().find(|e| tail(&e.id) == t).map_or(t, |e| e.id.as_str());
        msg.push_str(&format!("; did you mean `{id}`?"));
    }
    let newest: Vec<&str> = entries.iter().rev().take(10).map(|e| e.id.as_str()).collect();
    let more = entries.len().saturating_sub(newest.len());
    msg.push_str(&format!("\n  incidents: {}", newest.join(", ")));
    if more > 0 {
        msg.push_str(&format!(" (and {more} older)"));
    }
    msg.push_str("\n  hint: `frontline incident list` shows them with their titles and status");
    usage(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, title: &str, resolved: bool) {
        let r = if resolved { "resolved: 2026-11-10T12:00:00+03:00\n" } else { "" };
        let text = format!(
            "---\ntitle: {title}\nimpact: minor\nstarted: 2026-11-10T10:00:00+03:00\n{r}updates:\n  - at: 2026-11-10T10:00:00+03:00\n    status: investigating\n    message: m\n---\n"
        );
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn lookup_by_id_fragment_title_and_transliteration() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content/incidents");
        std::fs::create_dir_all(dir.join("2025")).unwrap();
        let config = Config::defaults(site.path());
        write(&dir, "2026-11-23-card-payments.md", "Сбои при оплате картой", false);
        write(&dir, "2026-11-10-payments.md", "Payments slow", true);
        write(&dir, "2026-11-28-db-maintenance.md", "DB", true);
        write(&dir, "2026-11-24-vkhod-v-akkaunt.md", "Вход в аккаунт", false);
        write(&dir, "2025/2025-01-02-old-outage.md", "Old", true);
        std::fs::write(dir.join(".2026-11-23-card-payments.md.1.tmp"), "").unwrap();
        let now = DateTime::parse_from_rfc3339("2026-11-24T12:00:00+03:00").unwrap();
        let id = |q: &str| find_incident(&config, &dir, q, now).ok().and_then(|p| Some(p.file_stem()?.to_str()?.to_string()));
        for (q, want) in [
            ("card-payments", "2026-11-23-card-payments"),
            ("2026-11-10-payments", "2026-11-10-payments"),
            ("content/incidents/2026-11-28-db-maintenance.md", "2026-11-28-db-maintenance"),
            ("maintenance", "2026-11-28-db-maintenance"),
            ("old-outage", "2025-01-02-old-outage"),
            ("akkaunt", "2026-11-24-vkhod-v-akkaunt"),
            ("vkhod", "2026-11-24-vkhod-v-akkaunt"),
            ("Вход в аккаунт", "2026-11-24-vkhod-v-akkaunt"),
            ("вход", "2026-11-24-vkhod-v-akkaunt"),
            ("оплате картой", "2026-11-23-card-payments"),
            ("CARD", "2026-11-23-card-payments"),
            ("payments slow", "2026-11-10-payments"),
            ("2026-11-23", "2026-11-23-card-payments"),
        ] {
            assert_eq!(id(q).as_deref(), Some(want), "{q}");
        }
        let Err(CmdError::Usage(m)) = find_incident(&config, &dir, "payments", now) else { panic!() };
        assert!(m.contains("matches 2 incidents"), "{m}");
        let open_line = m.lines().find(|l| l.contains("2026-11-23-card-payments")).unwrap();
        let closed_line = m.lines().find(|l| l.contains("2026-11-10-payments")).unwrap();
        assert!(open_line.contains(" open ") && !closed_line.contains(" open "), "{m}");
        let Err(CmdError::Usage(m)) = find_incident(&config, &dir, "card-paymnets", now) else { panic!() };
        assert!(m.contains("did you mean `2026-11-23-card-payments`"), "{m}");
        assert!(find_incident(&config, &dir, "  ", now).is_err());
    }
}
