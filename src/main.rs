//! Thin binary: parse arguments, run, exit with the command's code.

mod cli;

use clap::Parser;

/// mimalloc instead of the system allocator: page rendering and Pagefind indexing
/// allocate millions of small strings, and glibc malloc took about a fifth of a build.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = cli::Cli::parse();
    std::process::exit(cli::run(cli));
}
