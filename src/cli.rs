//! Command line (clap): parses arguments, runs one command, prints the
//! diagnostics and returns the exit code (0 ok, 1 content errors, 2 usage).

use clap::{Parser, Subcommand};
use frontline::build::{self, Options};
use frontline::config::Config;
use frontline::diag::{Diagnostic, Diagnostics, Severity};
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
    /// Build public/ and internal/
    Build {
        /// Public output folder [default: <root>/public]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Internal output folder [default: <root>/internal]
        #[arg(long)]
        internal_out: Option<PathBuf>,
        /// Override site.yaml base_url
        #[arg(long)]
        base_url: Option<String>,
        /// "Now" for reproducible builds (RFC 3339); also env FRONTLINE_NOW
        #[arg(long, env = "FRONTLINE_NOW", value_parser = parse_now)]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// Build drafts too
        #[arg(long)]
        drafts: bool,
    },
    /// Validate everything without writing
    Check {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[arg(long, env = "FRONTLINE_NOW", value_parser = parse_now)]
        now: Option<chrono::DateTime<chrono::FixedOffset>>,
    },
    /// Create a new site with example content
    Init { dir: Option<PathBuf> },
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
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_now(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(s).map_err(|e| format!("`{s}` is not an RFC 3339 time ({e}); example: 2026-11-20T10:00:00+03:00"))
}

pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build { out, internal_out, base_url, now, drafts } => {
            let opts = Options { root: cli.root, out, internal_out, base_url, now, drafts };
            let started = Instant::now();
            match build::build(&opts) {
                Ok((g, diags)) => {
                    print_text(diags);
                    eprintln!(
                        "built {} public and {} internal files in {} ms: {} and {}",
                        g.public.len(),
                        g.internal.len(),
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
            let opts = Options { now, ..Options::new(cli.root) };
            let (diags, code) = match build::generate(&opts) {
                Ok((_, d)) => (d, 0),
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
        Command::Init { dir } => {
            let dir = dir.unwrap_or(cli.root);
            match scaffold::init(&dir) {
                Ok(files) => {
                    println!("created a site with {} files in {}", files.len(), dir.display());
                    println!("next: frontline --root {} build", dir.display());
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
            match scaffold::new_page(&config, kind, &title, category.as_deref(), lang.as_deref()) {
                Ok(p) => {
                    println!("{}", p.display());
                    0
                }
                Err(e) => usage(e),
            }
        }
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
