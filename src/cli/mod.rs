//! Command line (clap): the commands and their options (each with a one-line help
//! that gives its format), dispatch, and printing of diagnostics; returns the exit
//! code (0 ok, 1 content errors, 2 usage). Incident and maintenance commands and
//! their output are in [`incident`].

mod incident;

use clap::{Parser, Subcommand};
use frontline::build::{self, Options};
use frontline::config::Config;
use frontline::diag::{Diagnostic, Diagnostics, Severity};
use frontline::scaffold::{self, NewKind};
use std::path::PathBuf;
use std::time::Instant;

type Now = chrono::DateTime<chrono::FixedOffset>;

#[derive(Parser)]
#[command(name = "frontline", version, about = "Markdown -> help center, status page and internal operators' site")]
pub struct Cli {
    /// Site folder (with site.yaml and content/)
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build, serve with live reload, rebuild on change (public site; --internal for the internal one)
    Serve {
        /// Port to listen on (1–65535)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on: an IP (127.0.0.1 this machine only, 0.0.0.0 every interface)
        #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
        bind: std::net::IpAddr,
        /// Serve the internal site (runbooks, internal notes) instead of the public one
        #[arg(long)]
        internal: bool,
        /// Open the site in the browser (xdg-open)
        #[arg(long)]
        open: bool,
        /// "Now" for status and dates, RFC 3339 (2026-11-23T12:00:00+03:00) [default: the clock]
        #[arg(long, env = "FRONTLINE_NOW", value_parser = parse_now, value_name = "TIME")]
        now: Option<Now>,
        /// Build pages with `draft: true` too
        #[arg(long)]
        drafts: bool,
    },
    /// Build public/ and internal/
    Build {
        /// Public output folder [default: <root>/public]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Internal output folder [default: <root>/internal]
        #[arg(long, value_name = "DIR")]
        internal_out: Option<PathBuf>,
        /// Site address instead of site.yaml `base_url`: http(s)://host (no path)
        #[arg(long, value_parser = parse_base_url, value_name = "URL")]
        base_url: Option<String>,
        /// "Now" for reproducible builds, RFC 3339 (2026-11-23T12:00:00+03:00) [default: the clock]
        #[arg(long, env = "FRONTLINE_NOW", value_parser = parse_now, value_name = "TIME")]
        now: Option<Now>,
        /// Build pages with `draft: true` too
        #[arg(long)]
        drafts: bool,
        /// Skip the search index (faster; for benchmarks and quick checks)
        #[arg(long)]
        no_search: bool,
    },
    /// Validate everything without writing
    Check {
        /// text: one `error: <path>:<line>:<col>: …` per problem; json: a list of diagnostics
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// "Now" for dates and review deadlines, RFC 3339 (2026-11-23T12:00:00+03:00) [default: the clock]
        #[arg(long, env = "FRONTLINE_NOW", value_parser = parse_now, value_name = "TIME")]
        now: Option<Now>,
    },
    /// Create a new site (with example content unless --empty)
    Init {
        /// Folder to create; must not hold a site yet [default: --root]
        dir: Option<PathBuf>,
        /// Write a minimal site without the example articles, runbooks and incidents
        #[arg(long)]
        empty: bool,
    },
    /// Create a new article or runbook as a draft, front matter filled in; prints its path
    New {
        #[command(subcommand)]
        command: NewCommand,
    },
    /// Open, update, resolve, reopen and list incidents (edits content/incidents/ in place)
    Incident {
        #[command(subcommand)]
        command: incident::IncidentCommand,
    },
    /// Schedule maintenance
    Maintenance {
        #[command(subcommand)]
        command: incident::MaintenanceCommand,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A help-center article: content/articles/<CATEGORY>/<slug of TITLE>[.<LANG>].md
    Article(NewPage),
    /// An internal runbook: content/runbooks/[<CATEGORY>/]<slug of TITLE>[.<LANG>].md
    Runbook(NewPage),
}

#[derive(clap::Args)]
struct NewPage {
    /// Title, in quotes ("How to get a refund"); its slug names the file
    title: String,
    /// Folder inside content/articles/ or content/runbooks/ (payments, payments/cards), or an article category's title; a new name creates the category
    #[arg(long, value_name = "FOLDER")]
    category: Option<String>,
    /// Language code from site.yaml `languages`, e.g. en [default: the site's language]; with an existing article's title: its translation
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_now(s: &str) -> Result<Now, String> {
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
        if let Some(path) = frontline::config::sub_path(s) {
            let (message, hint) = frontline::config::sub_path_message(&format!("--base-url {s}"), path);
            return Err(format!("{message}; {hint}"));
        }
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
            run_build(&opts)
        }
        Command::Check { format, now } => run_check(cli.root, format, now),
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
        Command::New { command } => {
            let (kind, page) = match command {
                NewCommand::Article(p) => (NewKind::Article, p),
                NewCommand::Runbook(p) => (NewKind::Runbook, p),
            };
            let config = match Config::load(&cli.root) {
                Ok(c) => c,
                Err(d) => return fail(d),
            };
            match scaffold::new_page(&config, kind, &page.title, page.category.as_deref(), page.lang.as_deref(), today(config.timezone)) {
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
        Command::Incident { command } => incident::run(&cli.root, command),
        Command::Maintenance { command } => incident::run_maintenance(&cli.root, command),
    }
}

fn run_build(opts: &Options) -> i32 {
    let started = Instant::now();
    if let Err(msg) = build::outputs(opts) {
        eprintln!("error: {msg}");
        eprintln!("nothing was written");
        return 2;
    }
    match build::build(opts) {
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

fn run_check(root: PathBuf, format: Format, now: Option<Now>) -> i32 {
    let opts = Options { now, search: false, vocabulary: false, ..Options::new(root) };
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
