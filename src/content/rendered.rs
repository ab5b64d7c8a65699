//! What the render stage makes of a document body, kept on the document it came
//! from: HTML segments (common, and internal-only for `~~~internal` and reply
//! blocks), the table of contents, heading ids, plain text and links. The type lives
//! here, below `render`, so that content's documents can hold it; `render::markdown`
//! fills it.

use crate::content::Audience;
use std::path::PathBuf;

/// A piece of rendered HTML and who may see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Common(String),
    Internal(String),
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A rendered document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub segments: Vec<Segment>,
    /// `##` and `###` headings outside internal blocks.
    pub toc: Vec<TocEntry>,
    /// Every heading id, for `#anchor` checks.
    pub ids: Vec<String>,
    /// Plain text of the common part (search, summaries).
    pub text: String,
    /// Source files this document links to (for `check`'s orphan warning).
    pub links: Vec<PathBuf>,
}

impl Rendered {
    /// The HTML one audience sees.
    pub fn html(&self, audience: Audience) -> String {
        let mut out = String::new();
        for s in &self.segments {
            match (s, audience) {
                (Segment::Common(h), _) | (Segment::Internal(h), Audience::Internal) => out.push_str(h),
                (Segment::Internal(_), Audience::Public) => {}
            }
        }
        out
    }

    pub fn has_internal(&self) -> bool {
        self.segments.iter().any(|s| matches!(s, Segment::Internal(_)))
    }
}
