//! Markdown -> HTML. The one place pulldown-cmark options are set.
//!
//! One parse yields [`Segment`]s: common HTML, and internal-only HTML (`~~~internal`
//! blocks, ```` ```reply ```` cards, links to internal pages). The public site
//! concatenates only the common segments, so nothing internal can remain there.
//! Which fences are special is decided in [`fence`], the title a body gives in
//! [`title`] (from the same parse); links with unsafe schemes lose their URL
//! ([`links`]) and raw HTML is cleaned of comments and scripts' hooks ([`html`]).

mod html;
mod links;

pub use crate::content::rendered::{Rendered, Segment, TocEntry};
pub use links::{md_link, normalize};

use super::{escape, highlight, i18n};
use crate::content::fence::{self, Fence};
use crate::content::slug::anchor;
use crate::content::Audience;
use crate::diag::Diagnostic;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where a relative `.md` link points.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    pub url: String,
    /// The page exists on the internal site only.
    pub internal_only: bool,
    /// Source path of the target, for `#anchor` checks.
    pub source: PathBuf,
}

/// Result of looking up a link path (relative to `content/`).
pub enum Resolution {
    Found(LinkTarget),
    /// `on_disk`: the file is there but is not a page of the site (a draft, or it
    /// failed to load and has its own error).
    Missing {
        hint: Option<String>,
        on_disk: bool,
    },
}

/// A `#anchor` to check once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorCheck {
    pub from: PathBuf,
    pub line: usize,
    pub target: PathBuf,
    pub anchor: String,
}

/// What the renderer needs to know about the document being rendered.
pub struct Ctx<'a> {
    /// Path shown in messages.
    pub source: &'a Path,
    /// Folder of the file relative to `content/`, `/`-separated (`articles/payments`).
    pub dir: &'a str,
    pub lang: &'a str,
    /// Line of the first body line in the file.
    pub first_line: usize,
    /// Looks up a normalised path relative to `content/` for the document's language.
    pub resolve: &'a (dyn Fn(&str, &str) -> Resolution + Sync),
}

/// Everything one render produced.
#[derive(Debug, Default)]
pub struct Output {
    pub rendered: Rendered,
    pub diagnostics: Vec<Diagnostic>,
    pub anchors: Vec<AnchorCheck>,
}

pub use crate::content::title::options;

/// Render `md` (a document body) for both audiences at once.
pub fn render(md: &str, cx: &Ctx) -> Output {
    let mut r = Renderer::new(md, cx, false);
    r.run();
    r.finish()
}

/// What became of an open link's tags.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LinkTags {
    /// Written as pulldown-cmark events.
    Kept,
    /// Written into an internal segment (a link to an internal page).
    Internal,
    /// Left out (an unsafe URL): only the text is shown.
    Dropped,
}

struct Renderer<'a, 'c> {
    md: &'a str,
    cx: &'c Ctx<'c>,
    /// Everything here is internal (inside `~~~internal`).
    all_internal: bool,
    line_starts: Vec<usize>,
    cur: Vec<Event<'a>>,
    /// Indices in `cur` of internal-only HTML events (ascending).
    internal_at: Vec<usize>,
    out: Output,
    used_ids: HashMap<String, usize>,
    /// For each open link: what became of its tags.
    links: Vec<LinkTags>,
    /// For each open image: whether its tags were dropped (unsafe URL).
    images: Vec<bool>,
    /// Inside a heading: (index in `cur` of its start, text so far, explicit id).
    heading: Option<(usize, String, Option<String>)>,
    /// After a task-list checkbox: its id, and whether the `<label for>` around the
    /// item's first run of inline content is open yet.
    task_label: Option<(String, bool)>,
}

impl<'a, 'c> Renderer<'a, 'c> {
    fn new(md: &'a str, cx: &'c Ctx<'c>, all_internal: bool) -> Self {
        let line_starts = std::iter::once(0).chain(md.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Renderer {
            md,
            cx,
            all_internal,
            line_starts,
            cur: Vec::new(),
            internal_at: Vec::new(),
            out: Output::default(),
            used_ids: HashMap::new(),
            links: Vec::new(),
            images: Vec::new(),
            heading: None,
            task_label: None,
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) + self.cx.first_line - 1
    }

    /// Column (in characters) of a byte offset of the source.
    fn col(&self, offset: usize) -> usize {
        let start = self.line_starts[self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1)];
        self.md.get(start..offset).map_or(1, |s| s.chars().count() + 1)
    }

    /// A warning about the source at byte `offset`.
    fn warn(&mut self, offset: usize, code: &'static str, message: String, hint: impl Into<String>) {
        let d = Diagnostic::warning(self.cx.source, self.line(offset), code, message).col(self.col(offset)).hint(hint);
        self.out.diagnostics.push(d);
    }

    fn push_internal(&mut self, html: String) {
        self.internal_at.push(self.cur.len());
        self.cur.push(Event::Html(html.into()));
    }

    /// Write all events with one HTML writer (a table, the footnote numbers keep
    /// their state across internal parts), then cut the output into segments.
    fn finish(mut self) -> Output {
        struct Shared<'s>(&'s RefCell<String>);
        impl std::fmt::Write for Shared<'_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.borrow_mut().push_str(s);
                Ok(())
            }
        }
        let html = RefCell::new(String::new());
        // Where each event's output starts: the writer asks for the next event only
        // once the previous one is written.
        let mut starts = Vec::with_capacity(self.cur.len() + 1);
        let events = self.cur.drain(..).inspect(|_| starts.push(html.borrow().len()));
        let _ = pulldown_cmark::html::write_html_fmt(Shared(&html), events);
        let html = html.into_inner();
        if self.all_internal {
            self.out.rendered.segments = vec![Segment::Internal(html)];
            return self.out;
        }
        starts.push(html.len());
        let segments = &mut self.out.rendered.segments;
        for (i, w) in starts.windows(2).enumerate() {
            let piece = &html[w[0]..w[1]];
            let internal = self.internal_at.binary_search(&i).is_ok();
            match segments.last_mut() {
                _ if piece.is_empty() => {}
                Some(Segment::Internal(h)) if internal => h.push_str(piece),
                Some(Segment::Common(h)) if !internal => h.push_str(piece),
                _ if internal => segments.push(Segment::Internal(piece.into())),
                _ => segments.push(Segment::Common(piece.into())),
            }
        }
        self.out
    }

    fn run(&mut self) {
        let md = self.md;
        let mut events = Parser::new_ext(md, options()).into_offset_iter();
        while let Some((ev, range)) = events.next() {
            if let Some((id, open)) = &mut self.task_label {
                if is_inline(&ev) && !*open {
                    let html = format!("<label for=\"{id}\">");
                    *open = true;
                    self.cur.push(Event::Html(html.into()));
                } else if !is_inline(&ev) {
                    if *open {
                        self.cur.push(Event::Html("</label>".into()));
                    }
                    self.task_label = None;
                }
            }
            match ev {
                Event::TaskListMarker(checked) => {
                    // A labelled checkbox: the item's text (up to a nested block) is its <label>.
                    let id = self.unique(format!("task-{}", self.line(range.start)));
                    let checked = if checked { " checked=\"\"" } else { "" };
                    self.cur.push(Event::Html(format!("<input disabled=\"\" type=\"checkbox\"{checked} id=\"{id}\"/>\n").into()));
                    self.task_label = Some((id, false));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(i) => i.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    let mut code = String::new();
                    let mut body_start = None;
                    for (e, r) in events.by_ref() {
                        match e {
                            Event::Text(t) => {
                                body_start.get_or_insert(r.start);
                                code.push_str(&t);
                            }
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    let first = body_start.map_or(self.line(range.start) + 1, |s| self.line(s));
                    self.code_block(&info, &code, first, range.start);
                }
                Event::Start(Tag::Heading { level, id, .. }) => {
                    self.heading = Some((self.cur.len(), String::new(), id.map(|s| s.to_string())));
                    let _ = level;
                }
                Event::End(TagEnd::Heading(level)) => self.end_heading(level),
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, title) = alert(kind, self.cx.lang);
                    self.cur.push(Event::Html(
                        format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{title}</p>\n").into(),
                    ));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => self.cur.push(Event::Html("</div>\n".into())),
                // Tables scroll sideways on narrow screens; the wrapper is the scroll
                // container, focusable so keyboard users can scroll it too.
                Event::Start(Tag::Table(_)) => {
                    self.cur.push(Event::Html("<div class=\"table-wrap\" tabindex=\"0\">\n".into()));
                    self.cur.push(ev);
                }
                Event::End(TagEnd::Table) => {
                    self.cur.push(ev);
                    self.cur.push(Event::Html("</div>\n".into()));
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    if self.unsafe_url("link", &dest_url, range.start) {
                        self.links.push(LinkTags::Dropped);
                    } else {
                        let line = self.line(range.start);
                        self.start_link(link_type, dest_url, title, id, line);
                    }
                }
                Event::End(TagEnd::Link) => match self.links.pop() {
                    Some(LinkTags::Internal) => self.push_internal("</a>".into()),
                    Some(LinkTags::Dropped) => {}
                    _ => self.cur.push(Event::End(TagEnd::Link)),
                },
                Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => self.image(ev, range.start),
                Event::Start(Tag::HtmlBlock) => {
                    // One block may spread a tag or a comment over several lines.
                    let block = html_block(&mut events);
                    let h = self.raw_html(&block, range.start);
                    self.out.rendered.ids.extend(html::html_ids(&h));
                    self.cur.push(Event::Html(h.into()));
                }
                Event::Text(ref t) | Event::Code(ref t) => {
                    if let Some((_, text, _)) = &mut self.heading {
                        text.push_str(t);
                    }
                    if !self.all_internal {
                        self.out.rendered.text.push_str(t);
                        self.out.rendered.text.push(' ');
                    }
                    self.cur.push(ev);
                }
                Event::InlineHtml(h) | Event::Html(h) => {
                    let h = self.raw_html(&h, range.start);
                    match &mut self.heading {
                        Some((_, _, explicit)) if explicit.is_none() => *explicit = html::html_anchor_name(&h),
                        _ => self.out.rendered.ids.extend(html::html_ids(&h)),
                    }
                    self.cur.push(Event::InlineHtml(h.into()));
                }
                other => self.cur.push(other),
            }
        }
    }

    fn end_heading(&mut self, level: HeadingLevel) {
        let Some((start, text, explicit)) = self.heading.take() else {
            return;
        };
        let base = explicit.clone().unwrap_or_else(|| anchor(&text));
        let id = if explicit.is_some() { base } else { self.unique(base) };
        let n = level as u8;
        let open = format!("<h{n} id=\"{}\">", escape(&id));
        if start <= self.cur.len() {
            self.cur.insert(start, Event::Html(open.into()));
            self.internal_at.iter_mut().filter(|i| **i >= start).for_each(|i| *i += 1);
        }
        let label = escape(text.trim());
        self.cur.push(Event::Html(
            format!("<a class=\"anchor\" href=\"#{}\" aria-label=\"§ {label}\" data-pagefind-ignore>#</a></h{n}>\n", escape(&id)).into(),
        ));
        if !self.all_internal && (2..=3).contains(&n) {
            self.out.rendered.toc.push(TocEntry { level: n, id: id.clone(), title: text.trim().to_string() });
        }
        self.out.rendered.ids.push(id);
    }

    fn unique(&mut self, base: String) -> String {
        let n = self.used_ids.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{}", *n - 1)
        }
    }

    /// An image's start or end: both left out when its URL is unsafe (its
    /// description then shows as text).
    fn image(&mut self, ev: Event<'a>, offset: usize) {
        let keep = match &ev {
            Event::Start(Tag::Image { dest_url, .. }) => {
                let dropped = self.unsafe_url("image", dest_url, offset);
                self.images.push(dropped);
                !dropped
            }
            _ => self.images.pop() != Some(true),
        };
        if keep {
            self.cur.push(ev);
        }
    }

    /// Whether `url` (of a link or image) has an unsafe scheme; if so, warn: the
    /// caller then writes the text without the URL.
    fn unsafe_url(&mut self, what: &str, url: &str, offset: usize) -> bool {
        let Some(scheme) = links::unsafe_scheme(url) else {
            return false;
        };
        let shown = if what == "image" { "its description is shown instead" } else { "its text is kept" };
        let hint = "`javascript:`, `vbscript:` and `data:` URLs can run code in a reader's browser; link to an http(s) page, or put the file under static/";
        self.warn(offset, "unsafe-link", format!("{what} to a `{scheme}:` URL is not linked ({shown})"), hint);
        true
    }

    /// Raw HTML as it may be published: comments, `on*=` handlers and unsafe URL
    /// attributes removed (each of the latter with a warning). `offset`: where `h` starts.
    fn raw_html(&mut self, h: &str, offset: usize) -> String {
        let (clean, removed) = html::clean(h);
        for r in removed {
            let (at, what) = match &r {
                html::Removed::Handler(at, name) => (*at, format!("event handler `{name}=` removed from raw HTML")),
                html::Removed::Scheme(at, name, scheme) => (*at, format!("`{name}=` with a `{scheme}:` URL removed from raw HTML")),
            };
            let hint = "scripts in pages are not published: use a plain http(s) link, or a theme template for behaviour";
            if self.md.get(offset..offset + at) == Some(&h[..at]) {
                self.warn(offset + at, "unsafe-html", what, hint);
            } else {
                // A block re-joined from lines inside a container: the line is known.
                let line = self.line(offset) + h[..at].matches('\n').count();
                self.out.diagnostics.push(Diagnostic::warning(self.cx.source, line, "unsafe-html", what).hint(hint));
            }
        }
        clean
    }

    /// A fenced or indented code block: an internal note, a reply card, or code.
    /// `offset`: where the block starts in the source.
    fn code_block(&mut self, info: &str, code: &str, first_line: usize, offset: usize) {
        let (fence, near_miss) = fence::classify(info);
        if let Some(word) = near_miss {
            let marker: String =
                self.md[offset..].trim_start_matches(|c| c != '`' && c != '~').chars().take_while(|&c| c == '`' || c == '~').collect();
            let keyword = fence::keyword(fence);
            let message = format!("unknown block kind `{word}` after {marker}: treated as `{keyword}` and not published");
            let hint = format!("did you mean {marker}{keyword}? For code, name its language (e.g. {marker}text)");
            self.warn(offset, "fence-typo", message, hint);
        }
        match fence {
            Fence::Internal => {
                let nested_cx = Ctx { first_line, ..*self.cx };
                let mut nested = Renderer::new(code, &nested_cx, true);
                nested.run();
                let out = nested.finish();
                let inner = out.rendered.html(Audience::Internal);
                self.out.diagnostics.extend(out.diagnostics);
                self.out.anchors.extend(out.anchors);
                self.out.rendered.ids.extend(out.rendered.ids);
                self.out.rendered.links.extend(out.rendered.links);
                let label = i18n::ui(self.cx.lang, "internal_note");
                self.push_internal(format!(
                    "<aside class=\"internal-note\" aria-label=\"{label}\"><p class=\"internal-label\">{label}</p>\n{inner}</aside>\n"
                ));
            }
            Fence::Reply => {
                let label = i18n::ui(self.cx.lang, "canned_reply");
                let copy = i18n::ui(self.cx.lang, "copy");
                self.push_internal(format!(
                    "<figure class=\"reply\"><figcaption>{label}</figcaption><pre class=\"reply-text\">{}</pre><button type=\"button\" class=\"copy-btn\" data-copy>{copy}</button></figure>\n",
                    escape(code.trim_end())
                ));
            }
            Fence::Code(lang) => {
                let html = format!(
                    "<pre class=\"code\" tabindex=\"0\"{}><code{}>{}</code></pre>\n",
                    if lang.is_empty() { String::new() } else { format!(" data-lang=\"{}\"", escape(lang)) },
                    if lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape(lang)) },
                    highlight::highlight(code, lang)
                );
                if !self.all_internal {
                    self.out.rendered.text.push_str(code);
                }
                self.cur.push(Event::Html(html.into()));
            }
        }
    }
}

/// The raw HTML of a block whose start was just read, up to its end, as one string.
fn html_block<'e>(events: &mut impl Iterator<Item = (Event<'e>, std::ops::Range<usize>)>) -> String {
    let mut block = String::new();
    for (e, _) in events {
        match e {
            Event::Html(h) | Event::InlineHtml(h) => block.push_str(&h),
            // Indentation beyond a container's (inside a list item).
            Event::Text(t) => block.push_str(&escape(&t)),
            Event::End(TagEnd::HtmlBlock) => break,
            _ => {}
        }
    }
    block
}

/// Inline content (may sit inside a `<label>`); anything else ends a task item's label.
fn is_inline(ev: &Event) -> bool {
    match ev {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript | Tag::Link { .. } | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Text(_) | Event::Code(_) | Event::InlineMath(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) => true,
        Event::SoftBreak | Event::HardBreak => true,
        _ => false,
    }
}

fn alert(kind: BlockQuoteKind, lang: &str) -> (&'static str, &'static str) {
    let class = match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    };
    (class, i18n::ui(lang, class))
}

#[cfg(test)]
mod tests;
