//! `incident open|update|resolve|reopen|list` and `maintenance schedule` on the
//! command line: their options, the call into [`frontline::incident_cmd`], and what
//! they print (the file, the id and page of a new incident, the webhook deliveries,
//! the publish, and `incident list`'s table or JSON).

use super::{fail, print_text, Format, Now};
use frontline::build::{self, Options};
use frontline::content::incident::Incident;
use frontline::incident_cmd::broadcast::{broadcast, link};
use frontline::incident_cmd::list::{closed_at, Listing, RECENT};
use frontline::incident_cmd::time::{span, When};
use frontline::incident_cmd::{self as cmd, CmdError, Outcome};
use frontline::model::status::current_status;
use serde_json::json;
use std::path::Path;
use std::time::Instant;

/// Which incident: SLUG.
const SLUG_HELP: &str = "The incident: its id, a unique part of it (card-payments, vkhod) or its title in quotes";

/// What every posted update takes.
#[derive(clap::Args)]
pub struct Post {
    /// What customers read, in quotes ("We are investigating.")
    #[arg(long)]
    message: String,
    /// When it happened, RFC 3339 or `YYYY-MM-DD HH:MM` / `HH:MM` in the site's timezone [default: now]
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Post even if --at is more than 5 min after now or before the incident's latest update
    #[arg(long)]
    force: bool,
    /// "Now" for a missing --at, for `HH:MM` and for the --at checks, RFC 3339 [default: the clock]
    #[arg(long, env = "FRONTLINE_NOW", value_parser = super::parse_now, value_name = "TIME")]
    now: Option<Now>,
    /// Publish the new status right after the edit (status files only, when the site was built before)
    #[arg(long)]
    build: bool,
}

impl Post {
    fn when(&self) -> When {
        When { at: self.at.clone(), now: self.now, force: self.force }
    }
}

#[derive(clap::Subcommand)]
pub enum IncidentCommand {
    /// Start an incident: content/incidents/<date>-<slug of TITLE>.md with one `investigating` update
    Open {
        /// Title customers see, in quotes ("Card payments are failing"); its slug names the file
        title: String,
        /// How bad it is: none | minor | major | critical
        #[arg(long)]
        impact: String,
        /// Repeatable; ID: a component id or name, STATUS: operational | degraded_performance | partial_outage | major_outage | under_maintenance (a bare ID: from --impact)
        #[arg(long = "component", value_name = "ID=STATUS")]
        components: Vec<String>,
        #[command(flatten)]
        post: Post,
    },
    /// Post an update to an incident or maintenance
    Update {
        #[arg(help = SLUG_HELP)]
        slug: String,
        /// investigating | identified | monitoring | resolved (maintenance: scheduled | in_progress | verifying | completed) [default: the latest update's]
        #[arg(long)]
        status: Option<String>,
        /// Repeatable; ID: a component id or name, STATUS its new one: operational | degraded_performance | partial_outage | major_outage | under_maintenance
        #[arg(long = "component", value_name = "ID=STATUS")]
        components: Vec<String>,
        #[command(flatten)]
        post: Post,
    },
    /// Resolve an incident (maintenance: complete it): components back to operational, `resolved:` set
    Resolve {
        #[arg(help = SLUG_HELP)]
        slug: String,
        #[command(flatten)]
        post: Post,
    },
    /// Reopen a resolved incident: removes `resolved:` and posts an update
    Reopen {
        #[arg(help = SLUG_HELP)]
        slug: String,
        /// investigating | identified | monitoring (maintenance: scheduled | in_progress | verifying) [default: investigating; maintenance: in_progress]
        #[arg(long)]
        status: Option<String>,
        /// Repeatable; ID: a component id or name, STATUS as for update [default: the statuses before the resolve]
        #[arg(long = "component", value_name = "ID=STATUS")]
        components: Vec<String>,
        #[command(flatten)]
        post: Post,
    },
    /// List incidents: open ones and active or upcoming maintenance first, then the 10 most recently closed
    List {
        /// Every closed incident, not just the 10 most recent
        #[arg(long)]
        all: bool,
        /// text: a table; json: {open: [...], closed: [...], closed_left_out}
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// "Now" for what is open and for the ages, RFC 3339 [default: the clock]
        #[arg(long, env = "FRONTLINE_NOW", value_parser = super::parse_now, value_name = "TIME")]
        now: Option<Now>,
    },
}

#[derive(clap::Subcommand)]
pub enum MaintenanceCommand {
    /// Announce maintenance: content/incidents/<start date>-<slug of TITLE>.md with one `scheduled` update
    Schedule {
        /// Title customers see, in quotes ("Database upgrade"); its slug names the file
        title: String,
        /// Start of the window, RFC 3339 or `YYYY-MM-DD HH:MM` in the site's timezone
        #[arg(long, value_name = "TIME")]
        start: String,
        /// End of the window (after --start), same formats as --start
        #[arg(long, value_name = "TIME")]
        end: String,
        /// ID (repeatable): component id or name, under_maintenance during the window (ID=STATUS for another status)
        #[arg(long = "component", value_name = "ID")]
        components: Vec<String>,
        #[command(flatten)]
        post: Post,
    },
}

pub fn run(root: &Path, command: IncidentCommand) -> i32 {
    let (result, post) = match command {
        IncidentCommand::Open { title, impact, components, post } => {
            let args = cmd::OpenArgs { title, impact, components, message: post.message.clone(), when: post.when() };
            return finish(root, cmd::open(root, &args), &post, true);
        }
        IncidentCommand::Update { slug, status, components, post } => {
            let args = cmd::UpdateArgs { slug, status, message: post.message.clone(), components, when: post.when() };
            (cmd::update(root, &args), post)
        }
        IncidentCommand::Resolve { slug, post } => {
            (cmd::resolve(root, &cmd::ResolveArgs { slug, message: post.message.clone(), when: post.when() }), post)
        }
        IncidentCommand::Reopen { slug, status, components, post } => {
            let args = cmd::ReopenArgs { slug, status, message: post.message.clone(), components, when: post.when() };
            (cmd::reopen(root, &args), post)
        }
        IncidentCommand::List { all, format, now } => return list(root, all, format, now),
    };
    finish(root, result, &post, false)
}

pub fn run_maintenance(root: &Path, command: MaintenanceCommand) -> i32 {
    let MaintenanceCommand::Schedule { title, start, end, components, post } = command;
    let args = cmd::ScheduleArgs { title, start, end, components, message: post.message.clone(), when: post.when() };
    finish(root, cmd::schedule(root, &args), &post, true)
}

/// Print the edited file (and for a new one its id and page), broadcast the new
/// updates, publish if `--build` (with the edit's `--now`, if any, as "now").
///
/// A failed webhook delivery is a warning and the exit code stays 0: the file edit is
/// the record of truth and is already written (undoing it would lose the update), and
/// a non-zero code would make scripts retry the command and post the update twice.
fn finish(root: &Path, result: Result<Outcome, CmdError>, post: &Post, created: bool) -> i32 {
    let out = match result {
        Ok(o) => o,
        Err(CmdError::Usage(msg)) => {
            eprintln!("error: {msg}");
            eprintln!("nothing was changed");
            return 2;
        }
        Err(CmdError::Content(diags)) => return fail(diags),
    };
    print_text(out.warnings);
    for n in &out.notes {
        eprintln!("note: {n}");
    }
    println!("{}", out.path.display());
    if created {
        println!("id: {}", out.incident.id);
        println!("page: {}", link(&out.config, &out.incident));
        let status = if out.incident.is_maintenance() { "in_progress" } else { "identified" };
        eprintln!("next: frontline incident update {} --status {status} --message \"...\"", out.incident.id);
    }
    // Webhooks go out while the site rebuilds: customers hear first, nothing waits on both.
    let (deliveries, built) = std::thread::scope(|s| {
        let sent = s.spawn(|| broadcast(&out.config, &out.incident, &out.new_updates));
        let built = post.build.then(|| {
            let started = Instant::now();
            let opts = Options { now: post.now, ..Options::new(root) };
            (build::status_only::publish(&opts), started.elapsed())
        });
        (sent.join().unwrap_or_default(), built)
    });
    for d in &deliveries {
        if let Err(e) = &d.result {
            eprintln!("warning: webhook {} failed: {e}", d.url);
        }
    }
    let ok = deliveries.iter().filter(|d| d.result.is_ok()).count();
    if !deliveries.is_empty() {
        eprintln!("broadcast: {ok} of {} webhook deliveries succeeded", deliveries.len());
    }
    match built {
        None => 0,
        Some((Ok((published, diags)), took)) => {
            print_text(diags);
            match published {
                build::status_only::Published::Status { public, internal } => eprintln!(
                    "published the status in {} ms: {} public and {} internal files changed, {} removed (help pages keep their text; their banner reads the new status)",
                    took.as_millis(),
                    public.written,
                    internal.written,
                    public.removed + internal.removed
                ),
                build::status_only::Published::Full { reason, .. } => eprintln!("rebuilt the whole site in {} ms ({reason})", took.as_millis()),
            }
            0
        }
        Some((Err(diags), _)) => {
            eprintln!("the update was saved to {}, but the site did not build:", out.path.display());
            if diags.items.iter().any(|d| d.code == build::status_only::PATCH_FAILED) {
                let n = diags.error_count();
                print_text(diags);
                eprintln!(
                    "{n} error{} found; some status files may already be the new ones (each is whole)",
                    if n == 1 { "" } else { "s" }
                );
                return 1;
            }
            fail(diags)
        }
    }
}

/// `incident list`: exit 1 when an incident file has errors (it is left out), else 0.
fn list(root: &Path, all: bool, format: Format, now: Option<Now>) -> i32 {
    let l = match cmd::list::list(root, all, now) {
        Ok(l) => l,
        Err(CmdError::Usage(msg)) => {
            eprintln!("error: {msg}");
            return 2;
        }
        Err(CmdError::Content(d)) => return fail(d),
    };
    match format {
        Format::Text => print_table(&l),
        Format::Json => {
            let rows = |v: &[Incident]| v.iter().map(|i| row_json(&l, i)).collect::<Vec<_>>();
            let doc = json!({ "open": rows(&l.open), "closed": rows(&l.closed), "closed_left_out": l.more });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
    }
    let errors = l.diagnostics.error_count();
    if errors > 0 {
        print_text(l.diagnostics);
        eprintln!("{errors} incident file{} with errors left out of the list", if errors == 1 { "" } else { "s" });
        return 1;
    }
    0
}

fn row_json(l: &Listing, i: &Incident) -> serde_json::Value {
    let t = |x: Option<Now>| x.map(frontline::incident_cmd::time::fmt);
    json!({
        "id": i.id,
        "kind": if i.is_maintenance() { "maintenance" } else { "incident" },
        "title": i.title,
        "status": current_status(i, l.now),
        "impact": i.impact.as_str(),
        "started": t(Some(i.started)),
        "resolved": t(i.resolved),
        "scheduled_start": t(i.scheduled_start),
        "scheduled_end": t(i.scheduled_end),
        "draft": i.draft,
        "url": link(&l.config, i),
        "path": i.source,
    })
}

/// One table row: id, kind, status, impact, started, age (open) or ended (closed), title.
fn row_text(l: &Listing, i: &Incident, open: bool) -> [String; 7] {
    let local = |t: Now| t.with_timezone(&l.config.timezone).format("%Y-%m-%d %H:%M").to_string();
    let start = i.scheduled_start.filter(|_| i.is_maintenance()).unwrap_or(i.started);
    let when = if !open {
        local(closed_at(i))
    } else if start > l.now {
        format!("in {}", span(start - l.now))
    } else {
        span(l.now - start)
    };
    let mut status = current_status(i, l.now).to_string();
    if i.draft {
        status.push_str(" (draft)");
    }
    let kind = if i.is_maintenance() { "maintenance" } else { "incident" };
    [i.id.clone(), kind.into(), status, i.impact.as_str().into(), local(start), when, i.title.clone()]
}

fn print_table(l: &Listing) {
    if l.open.is_empty() && l.closed.is_empty() {
        println!("no incidents yet; start one with `frontline incident open`");
        return;
    }
    let head = |age: &str| ["ID", "KIND", "STATUS", "IMPACT", "STARTED", age, "TITLE"].map(String::from);
    let open: Vec<[String; 7]> = l.open.iter().map(|i| row_text(l, i, true)).collect();
    let closed: Vec<[String; 7]> = l.closed.iter().map(|i| row_text(l, i, false)).collect();
    let (h_open, h_closed) = (head("AGE"), head("ENDED"));
    let mut width = [0usize; 7];
    for r in open.iter().chain(&closed).chain([&h_open, &h_closed]) {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |r: &[String; 7]| {
        let cells: Vec<String> = r.iter().zip(width).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
        println!("{}", cells.join("  ").trim_end());
    };
    if open.is_empty() {
        println!("Open: none (no open incident, no maintenance under way or to come)");
    } else {
        println!("Open ({}):", open.len());
        line(&h_open);
        open.iter().for_each(line);
    }
    if !closed.is_empty() {
        let total = closed.len() + l.more;
        let more = if l.more > 0 { format!("; --all for all {total}") } else { String::new() };
        let shown = if l.more > 0 { format!("the {} most recent", closed.len().min(RECENT)) } else { format!("{total}") };
        println!("\nClosed ({shown}{more}):");
        line(&h_closed);
        closed.iter().for_each(line);
    }
}
