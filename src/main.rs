//! Thin binary: parse arguments, run, exit with the command's code.

mod cli;

use clap::Parser;

/// mimalloc instead of the system allocator: page rendering and Pagefind indexing
/// allocate millions of small strings, and glibc malloc took about a fifth of a build.
/// Without transparent huge pages (`no_thp`): with them, the kernel spent seconds
/// zeroing 2 MiB pages as memory was returned and reused (10k-article site).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if let Some(warning) = frontline::output::search::set_pagefind_chunk_size() {
        eprintln!("warning: {warning}");
    }
    let cli = cli::Cli::parse();
    std::process::exit(cli::run(cli));
}
