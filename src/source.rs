//! Reading source files (site.yaml, content, theme files) as text or bytes: a size
//! limit, regular files only, UTF-8 with the BOM dropped and old Mac line endings
//! made LF; every failure is a [`Diagnostic`] naming the file. Below config, content
//! and render, which all read files.

use crate::diag::{line_col, Diagnostic};
use std::path::Path;

/// The largest content file read: 16 MiB (articles are kilobytes; this bounds memory).
pub const MAX_FILE_MIB: u64 = 16;

/// Read a file as UTF-8 text (BOM dropped, CRLF kept for the parser, a lone CR
/// made LF), or a clear error. At most [`MAX_FILE_MIB`].
pub fn read_text(shown: &Path, abs: &Path) -> Result<String, Diagnostic> {
    read_text_max(shown, abs, MAX_FILE_MIB)
}

/// [`read_text`] with a size limit of `max_mib` MiB.
pub fn read_text_max(shown: &Path, abs: &Path, max_mib: u64) -> Result<String, Diagnostic> {
    let mut bytes = read_bytes(shown, abs, max_mib)?;
    lone_cr_to_lf(&mut bytes);
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..i]), i);
        return Err(Diagnostic::error(shown, line, "binary-file", "this looks like a binary file (it contains NUL bytes), not Markdown")
            .col(col)
            .hint("move images and other binary files out of content/articles and content/runbooks, or into static/"));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let (line, col) = line_col(prefix, prefix.len());
            Err(Diagnostic::error(shown, line, "invalid-utf8", "the file is not valid UTF-8")
                .col(col)
                .hint("re-save the file as UTF-8 (e.g. `iconv -f cp1251 -t utf-8`)"))
        }
    }
}

/// The bytes of `abs` if it is a regular file (after following symlinks) of at most
/// `max_mib` MiB. A FIFO or device could block forever or never end (`/dev/zero`),
/// so those are refused before opening, and the read stops one byte past the limit.
pub fn read_bytes(shown: &Path, abs: &Path, max_mib: u64) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let io = |e: std::io::Error| {
        Diagnostic::error(shown, 1, "io", format!("cannot read the file: {e}")).hint("check that the file is readable (permissions)")
    };
    if !std::fs::metadata(abs).map_err(io)?.is_file() {
        return Err(Diagnostic::error(shown, 1, "not-a-file", "is not a regular file (a folder, FIFO, socket or device)")
            .hint("replace it with a regular file; frontline does not read pipes or devices"));
    }
    let limit = max_mib << 20;
    let mut bytes = Vec::new();
    std::fs::File::open(abs).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes)).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(Diagnostic::error(shown, 1, "file-too-large", format!("file is larger than {max_mib} MiB"))
            .hint(format!("split it into smaller files; frontline reads at most {max_mib} MiB from one file")));
    }
    Ok(bytes)
}

/// Old Mac line endings: a CR not followed by LF ends a line for CommonMark and
/// YAML alike, but front matter splitting and every `path:line` count LF. Making
/// it LF keeps all of them in step. (0x0D never occurs inside a multi-byte UTF-8
/// sequence, so this cannot break valid text.)
pub fn lone_cr_to_lf(bytes: &mut [u8]) {
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
}
