//! Diagnostics: every problem a stage finds is data (path, line, column, message,
//! hint), collected rather than thrown, so one run reports all of them. Also the
//! `FRONTLINE_TIMING=1` phase timings.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is. Errors fail `build`; warnings are printed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the input, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl AsRef<Path>, line: usize, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.as_ref().to_path_buf(),
            line,
            column: 1,
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// A problem of the run, not of one file (the search indexer, the file watcher):
    /// no location (empty `path`, line 0; printed without one).
    pub fn general(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { line: 0, severity, ..Self::error("", 0, code, message) }
    }

    pub fn warning(path: impl AsRef<Path>, line: usize, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(path, line, code, message) }
    }

    pub fn col(mut self, column: usize) -> Self {
        self.column = column.max(1);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.path.as_os_str().is_empty() {
            write!(f, "{kind}: {}", self.message)?;
        } else {
            write!(f, "{kind}: {}:{}:{}: {}", self.path.display(), self.line.max(1), self.column, self.message)?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// All findings of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Sorted by path, then line, errors before warnings; duplicates dropped.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items
            .sort_by(|a, b| (&a.path, a.line, a.column, a.severity, &a.message).cmp(&(&b.path, b.line, b.column, b.severity, &b.message)));
        self.items.dedup();
        self.items
    }
}

/// 1-based line and column of byte offset `pos` in `text`.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text.as_bytes()[..pos];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, col)
}

/// The closest candidate to `word` by edit distance, for "did you mean" hints.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// With `FRONTLINE_TIMING=1`, print how long a phase took (benchmarks, profiling).
pub fn timing(phase: &str, since: std::time::Instant) {
    if std::env::var_os("FRONTLINE_TIMING").is_some() {
        // Resident memory now and at its peak so far (Linux), to see which phase holds what.
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| status.lines().find(|l| l.starts_with(name)).map_or(String::new(), |l| l[name.len()..].trim().to_string());
        eprintln!("timing: {phase}: {} ms (rss {}, peak {})", since.elapsed().as_millis(), field("VmRSS:"), field("VmHWM:"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_general_problem_prints_without_a_location() {
        let d = Diagnostic::general(Severity::Warning, "watch", "the file watcher lost events").hint("restart serve");
        assert_eq!(d.to_string(), "warning: the file watcher lost events\n  hint: restart serve");
        assert_eq!(Diagnostic::error("a.md", 0, "x", "m").to_string(), "error: a.md:1:1: m");
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\nвгд", 7), (2, 3));
        assert_eq!(line_col("x", 0), (1, 1));
    }

    #[test]
    fn suggests_close_words() {
        assert_eq!(did_you_mean("titel", ["title", "timezone"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", ["title"]), None);
    }
}
