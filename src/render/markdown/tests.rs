use super::*;

fn resolver(path: &str, lang: &str) -> Resolution {
    match path {
        "articles/pay/refund.md" => Resolution::Found(LinkTarget {
            url: format!("/{lang}/articles/pay/refund/"),
            internal_only: false,
            source: "content/articles/pay/refund.md".into(),
        }),
        "articles/pay/secret.md" => {
            Resolution::Found(LinkTarget { url: "/articles/pay/secret/".into(), internal_only: true, source: "s".into() })
        }
        "articles/pay/refunD.md" => Resolution::Missing { hint: Some("did you mean refund.md?".into()), on_disk: false },
        _ => Resolution::Missing { hint: None, on_disk: false },
    }
}

fn go(md: &str) -> Output {
    let cx = Ctx { source: Path::new("content/articles/pay/a.md"), dir: "articles/pay", lang: "ru", first_line: 5, resolve: &resolver };
    render(md, &cx)
}

#[test]
fn rewrites_relative_md_links() {
    let o = go("See [refund](refund.md#sroki) and [up](../pay/refund.md).\n");
    let h = o.rendered.html(Audience::Public);
    assert!(h.contains("href=\"/ru/articles/pay/refund/#sroki\""), "{h}");
    assert!(h.contains("href=\"/ru/articles/pay/refund/\""), "{h}");
    assert_eq!(o.anchors.len(), 1);
    assert_eq!(o.anchors[0].line, 5);
    assert!(o.diagnostics.is_empty());
}

#[test]
fn broken_link_is_error_with_line() {
    let o = go("one\n\ntwo [x](missing.md) and [y](refunD.md)\n");
    assert_eq!(o.diagnostics.len(), 2);
    assert_eq!(o.diagnostics[0].line, 7);
    assert!(o.diagnostics[0].is_error());
    assert_eq!(o.diagnostics[1].hint.as_deref(), Some("did you mean refund.md?"));
    let out = go("[x](../../../etc/passwd.md)");
    assert_eq!(out.diagnostics[0].code, "broken-link");
}

#[test]
fn internal_block_only_internal() {
    let o = go("Before\n\n~~~internal\nSECRET **hint** [s](secret.md)\n~~~\n\nAfter\n");
    let public = o.rendered.html(Audience::Public);
    let internal = o.rendered.html(Audience::Internal);
    assert!(!public.contains("SECRET") && !public.contains("internal-note"), "{public}");
    assert!(public.contains("Before") && public.contains("After"));
    assert!(internal.contains("SECRET <strong>hint</strong>"), "{internal}");
    assert!(internal.contains("href=\"/articles/pay/secret/\""));
    assert!(!o.rendered.text.contains("SECRET"));
}

#[test]
fn reply_block_card() {
    let o = go("```reply\nЗдравствуйте! <b>\n```\n");
    assert_eq!(o.rendered.html(Audience::Public), "");
    let i = o.rendered.html(Audience::Internal);
    assert!(i.contains("class=\"reply\"") && i.contains("Здравствуйте! &lt;b&gt;") && i.contains("data-copy"), "{i}");
}

#[test]
fn link_to_internal_page_loses_href_publicly() {
    let o = go("Read [the process](secret.md) now.");
    let p = o.rendered.html(Audience::Public);
    assert!(p.contains("Read the process now."), "{p}");
    assert!(!p.contains("secret"));
}

#[test]
fn headings_ids_toc_alerts() {
    let o = go("## Сроки возврата\n\n## Сроки возврата\n\n### Custom {#my-id}\n\n## <a name=\"old\"></a>Old\n\n> [!WARNING]\n> Careful\n");
    let ids: Vec<_> = o.rendered.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["sroki-vozvrata", "sroki-vozvrata-1", "my-id", "old"]);
    let h = o.rendered.html(Audience::Public);
    assert!(h.contains("<h2 id=\"sroki-vozvrata\">"), "{h}");
    assert!(h.contains("class=\"alert alert-warning\""), "{h}");
    let raw = go("<a id=\"get-ide\"></a>\n\nText <span id='x'>y</span>\n");
    assert!(raw.rendered.ids.contains(&"get-ide".to_string()) && raw.rendered.ids.contains(&"x".to_string()));
}

#[test]
fn gfm_features() {
    let h = go("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ text[^1]\n\n[^1]: note\n\n```rust\nfn x() {}\n```\n")
        .rendered
        .html(Audience::Public);
    for needle in ["<table>", "type=\"checkbox\"", "<del>old</del>", "footnote", "class=\"hl-"] {
        assert!(h.contains(needle), "missing {needle} in {h}");
    }
}

#[test]
fn accessible_task_lists_tables_and_code() {
    let h = go("- [x] **done** [here](https://e.example)\n- [ ] open\n  - nested\n\n| a |\n|---|\n| 1 |\n\n```sh\nls\n```\n")
        .rendered
        .html(Audience::Public);
    // Each checkbox (id from its source line) is labelled by its item's text, up to a nested list.
    assert!(h.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\" id=\"task-5\"/>\n<label for=\"task-5\"><strong>done</strong> <a href=\"https://e.example\">here</a></label></li>"), "{h}");
    assert!(h.contains("<input disabled=\"\" type=\"checkbox\" id=\"task-6\"/>\n<label for=\"task-6\">open</label>\n<ul>"), "{h}");
    // Scrollable regions can take keyboard focus.
    assert!(h.contains("<div class=\"table-wrap\" tabindex=\"0\">\n<table>"), "{h}");
    assert!(h.contains("</table>\n</div>"), "{h}");
    assert!(h.contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"sh\">"), "{h}");
}

#[test]
fn normalize_paths() {
    assert_eq!(normalize("articles/a", "../b/c.md").as_deref(), Some("articles/b/c.md"));
    assert_eq!(normalize("articles/a", "/runbooks/x.md").as_deref(), Some("runbooks/x.md"));
    assert_eq!(normalize("articles", "../../x.md"), None);
    assert_eq!(md_link("Пункты%20выдачи.md#x"), Some(("Пункты выдачи.md".into(), Some("x".into()))));
    assert_eq!(md_link("https://x.org/a.md"), None);
    // A `%` before multi-byte text is kept as written, without panicking.
    assert_eq!(md_link("a%1а.md"), Some(("a%1а.md".into(), None)));
}

#[test]
fn internal_links_in_headings_tables_and_footnotes() {
    // Found by fuzz/seeds/markdown/crash-internal-link-contexts.md: a heading kept the
    // internal page's URL on the public site; an internal part inside a table or
    // before a footnote restarted the HTML writer (`<td>…</th>`, footnotes renumbered).
    let o = go("# T [s](secret.md)\n\n| a | b |\n|---|---|\n| [s](secret.md) | x |\n| y | z |\n\nA[^a] [s](secret.md) B[^b]\n\n[^a]: one\n[^b]: two\n");
    let public = o.rendered.html(Audience::Public);
    let internal = o.rendered.html(Audience::Internal);
    assert!(!public.contains("secret/"), "{public}");
    assert!(public.contains("<h1 id=\"t-s\">T s<a class=\"anchor\""), "{public}");
    assert!(internal.contains("<h1 id=\"t-s\">T <a href=\"/articles/pay/secret/\">s</a>"), "{internal}");
    for h in [&public, &internal] {
        assert!(h.contains("<tr><td>y</td><td>z</td></tr>") && !h.contains("</th></tr>\n<tr>"), "{h}");
        assert!(h.contains("<a href=\"#b\">2</a>"), "{h}");
    }
}

#[test]
fn html_comments_are_removed_everywhere() {
    let o = go("Text <!-- inline\nsecret --> more <!---->.\n\n<!--\nblock secret\n-->\n\n<div>\n<!-- x --> kept\n</div>\n\n~~~internal\nNote <!-- hidden --> here.\n~~~\n\n`<!-- code -->`\n");
    for h in [o.rendered.html(Audience::Public), o.rendered.html(Audience::Internal)] {
        assert!(!h.contains("<!--") && !h.contains("secret") && !h.contains("hidden"), "{h}");
        assert!(
            h.contains("<p>Text  more .</p>") && h.contains("<div>\n kept\n</div>") && h.contains("<code>&lt;!-- code --&gt;</code>"),
            "{h}"
        );
    }
    assert!(o.rendered.html(Audience::Internal).contains("Note  here."));
    assert!(o.diagnostics.is_empty(), "{:?}", o.diagnostics);
}

#[test]
fn unsafe_urls_lose_their_link_with_a_warning() {
    let o = go("[a](javascript:alert(1)) ![b](DATA:image/svg+xml,x) [c](java&#x09;script:x) <vbscript:x> [ok](https://e.example)\n\n<a\nhref=\"jav&#x61;script&colon;x\" onClick='y' title=\"javascript: is text\">d</a> <img src=\"&#0000106;avascript:x\">\n");
    let h = o.rendered.html(Audience::Public);
    assert!(h.contains("<p>a b c vbscript:x <a href=\"https://e.example\">ok</a></p>"), "{h}");
    assert!(h.contains("<p><a title=\"javascript: is text\">d</a> <img></p>"), "{h}");
    let found: Vec<(usize, usize, &str)> = o.diagnostics.iter().map(|d| (d.line, d.column, d.code)).collect();
    let link = "unsafe-link";
    assert_eq!(
        found,
        [(5, 1, link), (5, 26, link), (5, 53, link), (5, 77, link), (8, 1, "unsafe-html"), (8, 32, "unsafe-html"), (8, 83, "unsafe-html")]
    );
    assert!(o.diagnostics.iter().all(|d| !d.is_error()));
}

#[test]
fn fence_keywords_in_any_case_and_typos_stay_internal() {
    let o = go("~~~INTERNAL\nsecret one\n~~~\n\n```Reply\nsecret two\n```\n\n~~~intenral\nsecret three\n~~~\n\n```rust\nfn x() {}\n```\n");
    let public = o.rendered.html(Audience::Public);
    assert!(!public.contains("secret") && public.contains("language-rust"), "{public}");
    let internal = o.rendered.html(Audience::Internal);
    assert!(
        internal.contains("<p>secret one</p>") && internal.contains("class=\"reply\"") && internal.contains("<p>secret three</p>"),
        "{internal}"
    );
    assert!(!o.rendered.text.contains("secret"));
    assert_eq!(o.diagnostics.len(), 1, "{:?}", o.diagnostics);
    let d = &o.diagnostics[0];
    assert_eq!((d.line, d.code, d.is_error()), (13, "fence-typo", false));
    assert_eq!(d.hint.as_deref(), Some("did you mean ~~~internal? For code, name its language (e.g. ~~~text)"));
}

#[test]
fn html_blocks_in_list_items_keep_their_indentation() {
    // Found on the Arduino corpus: the block's leading spaces come as a separate event.
    let h = go("1. a\n\n    <img src=x>\n      <b>y</b>\n").rendered.html(Audience::Public);
    assert!(h.contains("<p>a</p>\n <img src=x>\n   <b>y</b>\n</li>"), "{h}");
}
