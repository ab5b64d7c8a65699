//! The title a document's body gives, read from the same parse the renderer uses:
//! only a level-1 heading at the top level of the document counts, so a `# line`
//! inside any fenced block (an internal note, a reply card, code, at any fence
//! length, in a list item) or an indented code block is never a title.

use super::options;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::ops::Range;

/// A top-level `# heading`: its source range, its text, and whether it is the first block.
struct Heading {
    range: Range<usize>,
    text: String,
    first: bool,
}

/// The top-level level-1 headings of `md`, in order.
fn headings(md: &str) -> impl Iterator<Item = Heading> + '_ {
    let mut depth = 0usize;
    let mut blocks = 0usize;
    let mut open: Option<Heading> = None;
    Parser::new_ext(md, options()).into_offset_iter().filter_map(move |(ev, range)| {
        match ev {
            Event::Start(tag) => {
                if depth == 0 {
                    blocks += 1;
                    if matches!(tag, Tag::Heading { level: HeadingLevel::H1, .. }) {
                        open = Some(Heading { range, text: String::new(), first: blocks == 1 });
                    }
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && matches!(end, TagEnd::Heading(HeadingLevel::H1)) {
                    return open.take();
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = &mut open {
                    h.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = &mut open {
                    h.text.push(' ');
                }
            }
            _ if depth == 0 => blocks += 1,
            _ => {}
        }
        None
    })
}

/// The plain text of the first top-level `# heading` that has any.
pub fn first_title(md: &str) -> Option<String> {
    headings(md).map(|h| h.text.trim().to_string()).find(|t| !t.is_empty())
}

/// The document's first block when it is a `# heading`: its source range and text.
pub fn leading_title(md: &str) -> Option<(Range<usize>, String)> {
    headings(md).next().filter(|h| h.first).map(|h| (h.range, h.text.trim().to_string()))
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
