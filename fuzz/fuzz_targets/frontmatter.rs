#![no_main]
//! Fuzz target; the checks live in fuzz/harness.rs (shared with tests/fuzz_seeds.rs).

#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::check_frontmatter(data));
