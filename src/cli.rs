//! Command line (clap): parses arguments, runs one command, prints the
//! diagnostics and returns the exit code (0 ok, 1 content errors, 2 usage).

use clap::{Parser, Subcommand};
use frontline::build::{self, Options};
use frontline::config::Config;
use frontline::diag::{Diagnostic, Diagnostics, Severity};
use frontline::incident_cmd;
use frontline::scaffold::{self, NewKind};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "frontline", version, about = "Markdown -> help center, status page and internal operators' site")]
pub struct Cli {
    /// Site folder (with site.yaml and content/)
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build, serve with live reload, rebuild on change (public site; --internal for the internal one)
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Serve the internal site instead of the public one
        #[arg(long)]
        internal: bool,
        /// Open the browser
        #[arg(long)]
        open: bool,
        #[arg(long, env = "FRONTLINE_NOW", value_parser = parse_now)]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// Build drafts too
        #[arg(long)]
        drafts: bool,
    },
    /// Build public/ and internal/
    Build {
        /// Public output folder [default: <root>/public]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Internal output folder [default: <root>/internal]
        #[arg(long)]
        internal_out: Option<PathBuf>,
        /// Override site.yaml base_url
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// "Now" for reproducible builds (RFC 3339); also env FRONTLINE_NOW
        #[arg(long, env = "FRONTLINE_NOW", value_parser = parse_now)]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// Build drafts too
        #[arg(long)]
        drafts: bool,
        /// Skip the search index (faster; for benchmarks and quick checks)
        #[arg(long)]
        no_search: bool,
    },
    /// Validate everything without writing
    Check {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[arg(long, env = "FRONTLINE_NOW", value_parser = parse_now)]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
    },
    /// Create a new site: the example content (dates moved to end a few days ago), or --empty
    Init {
        /// Folder to create the site in [default: --root, i.e. the current folder]
        dir: Option<PathBuf>,
        /// Only site.yaml and empty content folders, no example content
        #[arg(long)]
        empty: bool,
    },
    /// Create a new article or runbook
    New {
        #[arg(value_enum)]
        kind: NewKind,
        title: String,
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        lang: Option<String>,
    },
    /// Open, update and resolve incidents (edits content/incidents/ in place)
    Incident {
        #[command(subcommand)]
        command: IncidentCommand,
    },
    /// Schedule maintenance
    Maintenance {
        #[command(subcommand)]
        command: MaintenanceCommand,
    },
}

/// What every posted update takes.
#[derive(clap::Args)]
struct Post {
    #[arg(long)]
    message: String,
    /// Time of the update [default: now]; RFC 3339, or `YYYY-MM-DD HH:MM` / `HH:MM` in the site's timezone
    #[arg(long)]
    at: Option<String>,
    /// "Now" for a missing `--at` and for `HH:MM` (tests, rehearsals); also env FRONTLINE_NOW
    #[arg(long, env = "FRONTLINE_NOW", value_parser = parse_now, hide = true)]
    now: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Rebuild the site after the edit
    #[arg(long)]
    build: bool,
}

#[derive(Subcommand)]
enum IncidentCommand {
    /// Start an incident: content/incidents/<date>-<slug of TITLE>.md with one `investigating` update
    Open {
        title: String,
        /// none | minor | major | critical
        #[arg(long)]
        impact: String,
        /// ID=STATUS (repeatable); a bare ID takes a status from the impact
        #[arg(long = "component", value_name = "ID=STATUS")]
        components: Vec<String>,
        #[command(flatten)]
        post: Post,
    },
    /// Post an update to an incident (SLUG: its id or the end of it, e.g. card-payments)
    Update {
        slug: String,
        /// investigating | identified | monitoring | resolved (maintenance: scheduled | in_progress | verifying | completed)
        #[arg(long)]
        status: String,
        /// ID=STATUS (repeatable): a component status change carried by this update
        #[arg(long = "component", value_name = "ID=STATUS")]
        components: Vec<String>,
        #[command(flatten)]
        post: Post,
    },
    /// Resolve an incident (maintenance: complete it) and set `resolved:`
    Resolve {
        slug: String,
        #[command(flatten)]
        post: Post,
    },
}

#[derive(Subcommand)]
enum MaintenanceCommand {
    /// Announce maintenance: content/incidents/<start date>-<slug of TITLE>.md
    Schedule {
        title: String,
        #[arg(long)]
        start: String,
        #[arg(long)]
        end: String,
        /// Component under maintenance (repeatable)
        #[arg(long = "component", value_name = "ID")]
        components: Vec<String>,
        #[command(flatten)]
        post: Post,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_now(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    let t = chrono::DateTime::parse_from_rfc3339(s)
        .map_err(|e| format!("`{s}` (--now or env FRONTLINE_NOW) is not an RFC 3339 time ({e}); example: 2026-11-20T10:00:00+03:00"))?;
    // Uptime days and "soon" windows are counted from now: keep it where dates can be added to.
    let year = chrono::Datelike::year(&t);
    if !(frontline::dates::FIRST_YEAR..=frontline::dates::LAST_YEAR).contains(&year) {
        return Err(format!(
            "`{s}` (--now or env FRONTLINE_NOW): year {year} is outside {}–{}; example: 2026-11-20T10:00:00+03:00",
            frontline::dates::FIRST_YEAR,
            frontline::dates::LAST_YEAR
        ));
    }
    Ok(t)
}

fn parse_base_url(s: &str) -> Result<String, String> {
    if (s.starts_with("https://") || s.starts_with("http://")) && s.len() > "https://".len() {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not an http(s) URL; example: https://help.acme.example"))
    }
}

pub fn run(cli: Cli) -> i32 {
    if !matches!(cli.command, Command::Init { .. }) && !cli.root.is_dir() {
        eprintln!("error: --root {}: no such folder", cli.root.display());
        eprintln!("  hint: run frontline inside the site folder, pass --root <site folder>, or create one with `frontline init <dir>`");
        return 2;
    }
    match cli.command {
        Command::Serve { port, bind, internal, open, now, drafts } => {
            let build = Options { now, drafts, search: false, ..Options::new(cli.root) };
            if open {
                let url = format!("http://{bind}:{port}/");
                let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
            }
            match frontline::serve::run(frontline::serve::ServeOptions { build, bind, port, internal }) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    1
                }
            }
        }
        Command::Build { out, internal_out, base_url, now, drafts, no_search } => {
            let opts = Options { root: cli.root, out, internal_out, base_url, now, drafts, search: !no_search, vocabulary: !no_search };
            let started = Instant::now();
            if let Err(msg) = build::outputs(&opts) {
                eprintln!("error: {msg}");
                eprintln!("nothing was written");
                return 2;
            }
            match build::build(&opts) {
                Ok((g, diags)) => {
                    print_text(diags);
                    eprintln!(
                        "built {} public and {} internal files in {} ms: {} and {}",
                        g.public_files,
                        g.internal_files,
                        started.elapsed().as_millis(),
                        opts.out_dir().display(),
                        opts.internal_dir().display()
                    );
                    0
                }
                Err(diags) => fail(diags),
            }
        }
        Command::Check { format, now } => {
            let opts = Options { now, search: false, vocabulary: false, ..Options::new(cli.root) };
            let (diags, code) = match build::check(&opts) {
                Ok((site, mut d)) => {
                    d.items.extend(frontline::check::lint(&site));
                    (d, 0)
                }
                Err(d) => (d, 1),
            };
            match format {
                Format::Text => {
                    let n = diags.error_count();
                    print_text(diags);
                    if n == 0 {
                        eprintln!("check: no errors");
                    }
                }
                Format::Json => println!("{}", serde_json::to_string_pretty(&diags.sorted()).unwrap_or_default()),
            }
            code
        }
        Command::Init { dir, empty } => {
            let dir = dir.unwrap_or(cli.root);
            match scaffold::init(&dir, empty, today(chrono_tz::Europe::Moscow)) {
                Ok(files) => {
                    println!("created a site with {} files in {}", files.len(), dir.display());
                    println!("next: cd {} && frontline serve   (then open http://127.0.0.1:1111/)", dir.display());
                    0
                }
                Err(e) => usage(e),
            }
        }
        Command::New { kind, title, category, lang } => {
            let config = match Config::load(&cli.root) {
                Ok(c) => c,
                Err(d) => return fail(d),
            };
            match scaffold::new_page(&config, kind, &title, category.as_deref(), lang.as_deref(), today(config.timezone)) {
                Ok(made) => {
                    if let Some(c) = &made.category_file {
                        eprintln!("note: new category: created {} (set its title in each language there)", c.display());
                    }
                    if let Some(o) = &made.translation_of {
                        eprintln!("note: a translation of {}", o.display());
                    }
                    eprintln!("note: the file is a draft: `frontline serve --drafts` shows it; delete its `draft: true` line to publish");
                    println!("{}", made.path.display());
                    0
                }
                Err(e) => usage(e),
            }
        }
        Command::Incident { command } => {
            let (result, rebuild) = match command {
                IncidentCommand::Open { title, impact, components, post: Post { message, at, now, build } } => (
                    incident_cmd::open(&cli.root, &incident_cmd::OpenArgs { title, impact, components, message, at, now }),
                    build.then_some(now),
                ),
                IncidentCommand::Update { slug, status, components, post: Post { message, at, now, build } } => (
                    incident_cmd::update(&cli.root, &incident_cmd::UpdateArgs { slug, status, message, components, at, now }),
                    build.then_some(now),
                ),
                IncidentCommand::Resolve { slug, post: Post { message, at, now, build } } => {
                    (incident_cmd::resolve(&cli.root, &incident_cmd::ResolveArgs { slug, message, at, now }), build.then_some(now))
                }
            };
            finish_incident(&cli.root, result, rebuild)
        }
        Command::Maintenance {
            command: MaintenanceCommand::Schedule { title, start, end, components, post: Post { message, at, now, build } },
        } => {
            let args = incident_cmd::ScheduleArgs { title, start, end, components, message, at, now };
            finish_incident(&cli.root, incident_cmd::schedule(&cli.root, &args), build.then_some(now))
        }
    }
}

/// Print the edited file, broadcast the new updates, publish if asked (`rebuild`:
/// `Some(now)`, the `--now` of the edit, if any, is the publish's "now" too).
///
/// A failed webhook delivery is a warning and the exit code stays 0: the file edit is
/// the record of truth and is already written (undoing it would lose the update), and
/// a non-zero code would make scripts retry the command and post the update twice.
fn finish_incident(
    root: &std::path::Path,
    result: Result<incident_cmd::Outcome, incident_cmd::CmdError>,
    rebuild: Option<Option<chrono::DateTime<chrono::FixedOffset>>>,
) -> i32 {
    let out = match result {
        Ok(o) => o,
        Err(incident_cmd::CmdError::Usage(msg)) => {
            eprintln!("error: {msg}");
            eprintln!("nothing was changed");
            return 2;
        }
        Err(incident_cmd::CmdError::Content(diags)) => return fail(diags),
    };
    print_text(out.warnings);
    for n in &out.notes {
        eprintln!("note: {n}");
    }
    println!("{}", out.path.display());
    // Webhooks go out while the site rebuilds: customers hear first, nothing waits on both.
    let (deliveries, built) = std::thread::scope(|s| {
        let sent = s.spawn(|| incident_cmd::broadcast::broadcast(&out.config, &out.incident, &out.new_updates));
        let built = rebuild.map(|now| {
            let started = Instant::now();
            let opts = Options { now, ..Options::new(root) };
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

/// Today in `tz` (or in FRONTLINE_NOW's offset when that is set: reproducible scaffolds).
fn today(tz: chrono_tz::Tz) -> chrono::NaiveDate {
    match std::env::var("FRONTLINE_NOW").ok().and_then(|s| parse_now(&s).ok()) {
        Some(now) => now.date_naive(),
        None => chrono::Utc::now().with_timezone(&tz).date_naive(),
    }
}

fn usage(e: anyhow::Error) -> i32 {
    eprintln!("error: {e:#}");
    2
}

fn fail(diags: Diagnostics) -> i32 {
    let n = diags.error_count();
    print_text(diags);
    eprintln!("{n} error{} found; nothing was written", if n == 1 { "" } else { "s" });
    1
}

fn print_text(diags: Diagnostics) {
    let items: Vec<Diagnostic> = diags.sorted();
    for d in &items {
        eprintln!("{d}");
    }
    let w = items.iter().filter(|d| d.severity == Severity::Warning).count();
    if w > 0 {
        eprintln!("{w} warning{}", if w == 1 { "" } else { "s" });
    }
}
