//! Issue 14, render side: internal text never reaches the public site through the
//! title fallback or the spelling of a fence keyword, the leak scan does not excuse
//! it, links and raw HTML cannot run script, and HTML comments are not published.
//! Each test failed on the code before its fix (noted at each).

mod common;
use common::*;
use std::io::Read;
use std::path::Path;

const NOW_HERE: &str = "2026-11-20T10:00:00+03:00";

fn add(root: &Path, rel: &str, text: &str) {
    let p = root.join("content/articles").join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn build_here(root: &Path) -> std::process::Output {
    run(root, &["build", "--now", NOW_HERE])
}

/// Every file under `dir` as text, Pagefind's gzip files decompressed.
fn texts(dir: &Path) -> Vec<(String, String)> {
    snapshot_dir(dir)
        .into_iter()
        .map(|(p, bytes)| {
            let mut out = Vec::new();
            let bytes = if bytes.starts_with(&[0x1f, 0x8b]) && flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).is_ok() {
                out
            } else {
                bytes
            };
            (p.display().to_string(), String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}

fn assert_nowhere(dir: &Path, needle: &str) {
    for (path, text) in texts(dir) {
        assert!(!text.contains(needle), "{needle:?} is in {}/{path}", dir.display());
    }
}

/// Every `href`/`src` value in `html`.
fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=", "src="] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            let q = rest.chars().next().unwrap_or(' ');
            let v: String = if q == '"' || q == '\'' {
                rest[1..].chars().take_while(|&c| c != q).collect()
            } else {
                rest.chars().take_while(|c| !c.is_whitespace() && *c != '>').collect()
            };
            out.push(v);
        }
    }
    out
}

fn somewhere(dir: &Path, needle: &str) -> bool {
    texts(dir).iter().any(|(_, t)| t.contains(needle))
}

/// Before: the title fallback scanned lines and took a `# ` line inside an internal
/// or reply block for the title (a shorter fence of the same kind "closed" a longer
/// one; a fence on a list item's first line was not seen), and the page, home,
/// category, feed and search index all showed it, exit 0.
#[test]
fn title_fallback_never_comes_from_an_internal_or_reply_block() {
    let dir = site("basic");
    let root = dir.path();
    let cases = [
        ("leak/longer-tilde.md", "~~~~internal\n~~~\n# Secret title alpha longer tilde fence\n~~~\n~~~~\n\nPublic body.\n"),
        ("leak/longer-backtick.md", "````internal\n```\n# Secret title bravo longer backtick fence\n```\n````\n\nPublic body.\n"),
        ("leak/reply.md", "````reply\n```\n# Secret title charlie reply card\n```\n````\n\nPublic body.\n"),
        ("leak/list-item.md", "- ~~~internal\n  # Secret title delta inside a list item\n  ~~~\n\nPublic body.\n"),
        ("leak/plain.md", "~~~internal\n# Secret title echo plain internal\n~~~\n\nPublic body.\n"),
    ];
    for (rel, text) in cases {
        add(root, rel, text);
    }
    add(
        root,
        "leak/after.md",
        "~~~~internal\n~~~\n# Secret title foxtrot before the real one\n~~~\n~~~~\n\n# Real public title\n\nBody.\n",
    );
    let out = build_here(root);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_nowhere(&root.join("public"), "Secret title");
    // Without a heading of its own, a page is named after its file.
    let page = read(root, "public/articles/leak/longer-tilde/index.html");
    assert!(page.contains("<title>longer tilde — "), "{page}");
    let page = read(root, "public/articles/leak/after/index.html");
    assert!(page.contains("<title>Real public title — "), "{page}");
    // The operators still see every note, headings included.
    let internal = read(root, "internal/articles/leak/list-item/index.html");
    assert!(
        internal.contains("Secret title delta inside a list item</h1>") || internal.contains("Secret title delta inside a list item<a"),
        "{internal}"
    );
    assert!(somewhere(&root.join("internal"), "Secret title charlie reply card"));
}

/// Before: `~~~INTERNAL`, `~~~Internal` and ```` ```REPLY ```` were code blocks on the
/// public page and in its search index; a typo like `~~~intenral` likewise, silently.
#[test]
fn fence_keywords_in_any_case_and_near_misses_stay_internal() {
    let dir = site("basic");
    let root = dir.path();
    add(
        root,
        "leak/fences.md",
        "---\ntitle: Fences\n---\nPublic words.\n\n~~~INTERNAL\nSecret golf upper case note\n~~~\n\n~~~Internal extra words\nSecret hotel mixed case note\n~~~\n\n```REPLY\nSecret india upper case reply\n```\n\n~~~intenral\nSecret juliett typo note\n~~~\n\n```replys\nSecret kilo typo reply\n```\n\n```Rust\nfn public_code() {}\n```\n",
    );
    let out = build_here(root);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_nowhere(&root.join("public"), "Secret");
    let page = read(root, "public/articles/leak/fences/index.html");
    assert!(page.contains("Public words.") && page.contains("public_code"), "{page}");
    let internal = read(root, "internal/articles/leak/fences/index.html");
    for s in ["Secret golf", "Secret hotel", "Secret india", "Secret juliett", "Secret kilo"] {
        assert!(internal.contains(s), "{s} missing from the internal page");
    }
    assert!(internal.contains("class=\"reply\"") && internal.contains("internal-note"), "{internal}");
    let err = stderr(&out);
    assert!(err.contains("warning: content/articles/leak/fences.md:18:1: unknown block kind `intenral` after ~~~: treated as `internal` and not published\n  hint: did you mean ~~~internal?"), "{err}");
    assert!(
        err.contains(
            "warning: content/articles/leak/fences.md:22:1: unknown block kind `replys` after ```: treated as `reply` and not published\n  hint: did you mean ```reply?"
        ),
        "{err}"
    );
    assert!(!err.contains("INTERNAL") && !err.contains("REPLY"), "exact keywords in any case are not warned about: {err}");
}

/// Before: `[x](javascript:…)`, `vbscript:`, `data:`, entity-encoded and spaced
/// variants, images, autolinks and raw `<a href="javascript:…" onclick=…>` were
/// all published as they were, without a word.
#[test]
fn unsafe_link_schemes_and_handlers_are_not_published() {
    let dir = site("basic");
    let root = dir.path();
    add(
        root,
        "leak/links.md",
        "---\ntitle: Links\n---\n[one](javascript:alert(1)) [two](VBScript:msgbox(2)) [three](data:text/html;base64,PHNjcmlwdD4=)\n[four](java&#x09;script:alert(4)) [five]( JavaScript:alert(5)) ![six](javascript:alert(6)) <javascript:alert(7)>\n\n<a href=\"javascript:alert(8)\" onclick=\"alert(9)\">raw</a> <a href=\"https://e.example/ok\">fine</a>\n\n<div onmouseover=\"alert(10)\">\n<a\n  href=\"jav&#x61;script&colon;alert(11)\">x</a>\n</div>\n\n[safe](https://e.example/) and [relative](../Tips%20&%20Tricks/rock-n-roll.md).\n",
    );
    let out = build_here(root);
    assert!(out.status.success(), "{}", stderr(&out));
    for site in ["public", "internal"] {
        for (path, text) in texts(&root.join(site)) {
            for url in urls(&text) {
                let u = url.to_ascii_lowercase().replace(['\t', ' '], "");
                assert!(!["javascript", "java%09", "vbscript", "data:"].iter().any(|s| u.starts_with(s)), "{url} in {site}/{path}");
            }
            assert!(!text.contains("onclick") && !text.contains("onmouseover"), "a handler in {site}/{path}");
        }
    }
    let page = read(root, "public/articles/leak/links/index.html");
    assert!(page.contains("<p>one two three\nfour five six javascript:alert(7)</p>"), "{page}");
    assert!(page.contains("<p><a>raw</a> <a href=\"https://e.example/ok\">fine</a></p>"), "{page}");
    assert!(
        page.contains("<a href=\"https://e.example/\">safe</a>") && page.contains("/articles/tips-tricks/rock-n-roll/\">relative</a>"),
        "{page}"
    );
    let err = stderr(&out);
    for (at, what) in [
        ("4:1", "link to a `javascript:` URL is not linked (its text is kept)"),
        ("4:28", "link to a `vbscript:` URL"),
        ("4:54", "link to a `data:` URL"),
        ("5:1", "link to a `javascript:` URL"),
        ("5:35", "link to a `javascript:` URL"),
        ("5:64", "image to a `javascript:` URL is not linked (its description is shown instead)"),
        ("5:92", "link to a `javascript:` URL"),
        ("7:4", "`href=` with a `javascript:` URL removed from raw HTML"),
        ("7:31", "event handler `onclick=` removed from raw HTML"),
        ("9:6", "event handler `onmouseover=` removed"),
        ("11:3", "`href=` with a `javascript:` URL removed"),
    ] {
        assert!(err.contains(&format!("warning: content/articles/leak/links.md:{at}: {what}")), "missing {at} {what} in:\n{err}");
    }
    assert!(err.contains("hint: `javascript:`, `vbscript:` and `data:` URLs can run code"), "{err}");
}

/// Before: `<!-- … -->` in an article was published verbatim on both sites
/// (authors take comments for hidden notes).
#[test]
fn html_comments_are_not_published() {
    let dir = site("basic");
    let root = dir.path();
    add(
        root,
        "leak/comments.md",
        "---\ntitle: Comments\n---\nVisible <!-- Secret lima inline comment --> text.\n\n<!--\nSecret mike block comment\nover several lines\n-->\n\n<div>\n<!-- Secret november in a block --><p>kept</p>\n</div>\n\n~~~internal\nNote <!-- Secret oscar in a note --> for staff.\n~~~\n\n`<!-- shown as code -->`\n",
    );
    let out = build_here(root);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_nowhere(&root.join("public"), "Secret");
    assert_nowhere(&root.join("internal"), "Secret");
    let page = read(root, "public/articles/leak/comments/index.html");
    assert!(page.contains("<p>Visible  text.</p>") && page.contains("<p>kept</p>"), "{page}");
    assert!(page.contains("<code>&lt;!-- shown as code --&gt;</code>"), "{page}");
    let internal = read(root, "internal/articles/leak/comments/index.html");
    assert!(internal.contains("Note  for staff."), "{internal}");
}
