//! Which fenced blocks are special. The first word of the info string names the
//! kind, in any letter case: `internal` (a note for operators) or `reply` (a canned
//! reply); anything else is code. A word close to a keyword (`intenral`, `internals`,
//! `reply:`) is taken for a typo of it: the block is kept off the public site as the
//! keyword's kind would be, and the renderer warns, so a typo never publishes a note.

/// What a fenced block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fence<'a> {
    Internal,
    Reply,
    /// Code in this language (the info string's first word, as written; may be empty).
    Code(&'a str),
}

/// A fenced block's kind, and the word of its info string when that word was only
/// close to the keyword (a near miss to warn about).
pub fn classify(info: &str) -> (Fence<'_>, Option<&str>) {
    let word = info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next().unwrap_or("");
    let lower = word.to_lowercase();
    let (fence, exact) = match lower.as_str() {
        "internal" => return (Fence::Internal, None),
        "reply" => return (Fence::Reply, None),
        w if near(w, "internal", 2) => (Fence::Internal, word),
        w if near(w, "reply", 1) => (Fence::Reply, word),
        _ => return (Fence::Code(word), None),
    };
    (fence, Some(exact))
}

/// `word` is within `max` edits of `keyword`, or is the keyword with something
/// appended (`internal-only`, `replyto`).
fn near(word: &str, keyword: &str, max: usize) -> bool {
    word.starts_with(keyword) || strsim::damerau_levenshtein(word, keyword) <= max
}

/// The keyword a block of this kind is written with, for hints.
pub fn keyword(f: Fence) -> &'static str {
    match f {
        Fence::Internal => "internal",
        Fence::Reply => "reply",
        Fence::Code(_) => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_in_any_case_and_near_misses() {
        for info in ["internal", "INTERNAL", "Internal", "internal extra words", "iNtErNaL,x"] {
            assert_eq!(classify(info), (Fence::Internal, None), "{info}");
        }
        assert_eq!(classify("REPLY"), (Fence::Reply, None));
        for (info, kind) in [
            ("intenral", Fence::Internal),
            ("internals", Fence::Internal),
            ("Internl", Fence::Internal),
            ("internal-only", Fence::Internal),
            ("reply:", Fence::Reply),
            ("replys", Fence::Reply),
            ("Repyl", Fence::Reply),
        ] {
            assert_eq!(classify(info), (kind, Some(info)), "{info}");
        }
        for info in ["", "rust", "ruby", "perl", "text", "interval-tree-x", "py", "rpl-x"] {
            assert!(matches!(classify(info), (Fence::Code(_), None)), "{info}");
        }
        assert_eq!(classify("Rust {.x}"), (Fence::Code("Rust"), None));
    }
}
