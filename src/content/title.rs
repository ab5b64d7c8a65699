//! The title a document's body gives, read with the Markdown options the renderer
//! uses ([`options`], shared by both stages):
//! only a level-1 heading at the top level of the document counts, so a `# line`
//! inside any fenced block (an internal note, a reply card, code, at any fence
//! length, in a list item) or an indented code block is never a title.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};
use std::ops::Range;

/// The Markdown extensions of every parse (CommonMark + GFM tables, footnotes,
/// strikethrough, task lists, heading attributes, alerts).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A top-level block of the document: its source range, and its text when it is a
/// `# heading`.
struct Block {
    range: Range<usize>,
    h1: Option<String>,
}

/// The top-level blocks of `md`, in order, parsed lazily.
fn blocks(md: &str) -> impl Iterator<Item = Block> + '_ {
    let mut depth = 0usize;
    let mut open: Option<Block> = None;
    Parser::new_ext(md, options()).into_offset_iter().filter_map(move |(ev, range)| {
        match ev {
            Event::Start(tag) => {
                if depth == 0 {
                    let h1 = matches!(tag, Tag::Heading { level: HeadingLevel::H1, .. }).then(String::new);
                    open = Some(Block { range, h1 });
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return open.take();
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = open.as_mut().and_then(|b| b.h1.as_mut()) {
                    h.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = open.as_mut().and_then(|b| b.h1.as_mut()) {
                    h.push(' ');
                }
            }
            // A block without a start tag (a thematic break).
            _ if depth == 0 => return Some(Block { range, h1: None }),
            _ => {}
        }
        None
    })
}

/// The plain text of the first top-level `# heading` that has any.
pub fn first_title(md: &str) -> Option<String> {
    blocks(md).filter_map(|b| b.h1).map(|t| t.trim().to_string()).find(|t| !t.is_empty())
}

/// The document's first block when it is a `# heading`: its source range and text.
pub fn leading_title(md: &str) -> Option<(Range<usize>, String)> {
    let b = blocks(md).next()?;
    Some((b.range, b.h1?.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_top_level_headings_outside_blocks() {
        let t = first_title;
        assert_eq!(t("~~~~internal\n~~~\n# Secret\n~~~\n~~~~\n\n# Public\n").as_deref(), Some("Public"));
        assert_eq!(t("````internal\n```\n# Secret\n```\n````\n").as_deref(), None);
        assert_eq!(t("- ~~~internal\n  # Secret\n  ~~~\n").as_deref(), None);
        assert_eq!(
            t("~~~INTERNAL\n# Secret\n~~~\n\n    # indented code\n\n> # quoted\n\n#\n\n# Use `curl` &amp; **go** #\n").as_deref(),
            Some("Use curl & go")
        );
        assert_eq!(leading_title("\n# A {#x}\ntext").map(|(r, s)| (r.start, s)), Some((1, "A".to_string())));
        assert_eq!(leading_title("text\n\n# A\n"), None);
        assert_eq!(leading_title("<div>\n\n# A\n"), None);
    }
}
