//! The incident commanders' CLI end to end, through the real binary: lossless in-place
//! edits (comments, CRLF), 50 concurrent updates under the lock, webhook broadcast to a
//! local receiver (and to a dead one), refusals with exit 2, and `--build`; finding an
//! incident by id, fragment, transliteration or title, `incident list`, `reopen`, the
//! time checks and `--force`, no stray files in content/, and the commands' `--help`.

mod common;

use common::{run, stderr};
use frontline::config::Config;
use frontline::content::incident::{self, Incident};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const CARD: &str = "content/incidents/2026-11-23-card-payments.md";

/// A temp copy of the demo site (site.yaml + content/, an incident open on 2026-11-23).
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = common::fixture("demo");
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    common::copy_dir(&repo.join("content"), &dir.path().join("content"));
    dir
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn ok(o: &Output) {
    assert!(o.status.success(), "exit {:?}\nstdout: {}\nstderr: {}", o.status.code(), stdout(o), stderr(o));
}

/// Parse an incident file with the real parser; panics on any error.
fn parse(root: &Path, rel: &str) -> Incident {
    let config = Config::load(root).unwrap_or_else(|d| panic!("{:?}", d.items));
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    let (inc, diags) = incident::parse(&config, Path::new(rel), &text);
    let errors: Vec<String> = diags.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{rel} has errors after the edit:\n{}\n---\n{text}", errors.join("\n"));
    inc.expect("incident parsed")
}

/// Every line of `before` (line ending included) appears in `after`, in order.
fn assert_lines_kept(before: &str, after: &str) {
    let mut rest = after.split_inclusive('\n');
    for (n, line) in before.split_inclusive('\n').enumerate() {
        assert!(rest.any(|l| l == line), "original line {} {line:?} is missing or out of order in:\n{after}", n + 1);
    }
}

fn md_files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    common::snapshot_dir(&root.join("content/incidents")).into_iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "md")).collect()
}

#[test]
fn open_update_resolve_are_lossless() {
    let site = example_site();
    let root = site.path();
    let o = run(
        root,
        &[
            "incident",
            "open",
            "Search is slow",
            "--impact",
            "minor",
            "--component",
            "storefront=degraded_performance",
            "--message",
            "Search is slow: we're on it # 1",
            "--at",
            "2026-11-24T10:00:00+03:00",
        ],
    );
    ok(&o);
    let rel = "content/incidents/2026-11-24-search-is-slow.md";
    // The file, then the id to use next and the page customers see.
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            root.join(rel).display().to_string().as_str(),
            "id: 2026-11-24-search-is-slow",
            "page: https://help.acme.example/status/incidents/2026-11-24-search-is-slow/"
        ]
    );
    assert!(stderr(&o).contains("next: frontline incident update 2026-11-24-search-is-slow --status identified"), "{}", stderr(&o));
    let inc = parse(root, rel);
    assert_eq!((inc.title.as_str(), inc.updates.len(), inc.updates[0].status.as_str()), ("Search is slow", 1, "investigating"));
    assert_eq!(inc.updates[0].message, "Search is slow: we're on it # 1");
    assert_eq!(inc.components, [("storefront".to_string(), incident::ComponentStatus::DegradedPerformance)]);
    assert!(inc.body.is_empty() && inc.resolved.is_none());

    let before = common::read(root, rel);
    let o = run(
        root,
        &[
            "incident",
            "update",
            "search-is-slow",
            "--status",
            "identified",
            "--message",
            "Index rebuild",
            "--component",
            "storefront=partial_outage",
            "--at",
            "2026-11-24T10:20:00+03:00",
        ],
    );
    ok(&o);
    let after = common::read(root, rel);
    assert_lines_kept(&before, &after);
    let inc = parse(root, rel);
    assert_eq!(inc.updates.len(), 2);
    assert_eq!(inc.updates[1].components.as_deref(), Some(&[("storefront".to_string(), incident::ComponentStatus::PartialOutage)][..]));

    let before = after;
    ok(&run(root, &["incident", "resolve", "slow", "--message", "Search is fast again", "--at", "2026-11-24T11:00:00+03:00"]));
    let after = common::read(root, rel);
    assert_lines_kept(&before, &after);
    let inc = parse(root, rel);
    assert_eq!(inc.resolved.map(|r| r.to_rfc3339()).as_deref(), Some("2026-11-24T11:00:00+03:00"));
    assert_eq!(inc.updates.last().map(|u| u.status.as_str()), Some("resolved"));
    // `resolved:` goes right after `started:`.
    assert!(after.contains("started: 2026-11-24T10:00:00+03:00\nresolved: 2026-11-24T11:00:00+03:00\n"), "{after}");
    // A later `resolved` update (a postmortem note) keeps the time it was resolved.
    let before = after;
    let o =
        run(root, &["incident", "update", "slow", "--status", "resolved", "--message", "Postmortem", "--at", "2026-11-25T09:00:00+03:00"]);
    ok(&o);
    assert!(stderr(&o).contains("stays resolved (since 2026-11-24T11:00:00+03:00)"), "{}", stderr(&o));
    let after = common::read(root, rel);
    assert_lines_kept(&before, &after);
    let inc = parse(root, rel);
    assert_eq!(inc.resolved.map(|r| r.to_rfc3339()).as_deref(), Some("2026-11-24T11:00:00+03:00"));
    assert_eq!(inc.updates.len(), 4);

    // A hand-written file with comments, odd indentation, a body; LF and CRLF.
    let hand = "---\n# Incident file kept by hand\ntitle: 'Webhooks delayed' # short\nimpact: minor\ncomponents: {webhooks: degraded_performance}\nstarted: 2026-11-22T08:00:00+03:00   # MSK\n\nupdates:\n- at: 2026-11-22T08:00:00+03:00\n  status: investigating   # first\n  message: |\n    Deliveries are late.\n\n    We are looking.\n\n# after updates\ninternal: |\n  queue lag\n---\n\nBody **stays**.\n\n---\n\nA thematic break above.\n";
    for (name, text) in [("2026-11-22-webhooks-lf.md", hand.to_string()), ("2026-11-22-webhooks-crlf.md", hand.replace('\n', "\r\n"))] {
        let rel = format!("content/incidents/{name}");
        std::fs::write(root.join(&rel), &text).unwrap();
        let slug = name.trim_end_matches(".md");
        ok(&run(
            root,
            &[
                "incident",
                "update",
                slug,
                "--status",
                "monitoring",
                "--message",
                "Queue drained",
                "--component",
                "webhooks=operational",
                "--at",
                "2026-11-22T09:00:00+03:00",
            ],
        ));
        let mid = common::read(root, &rel);
        assert_lines_kept(&text, &mid);
        ok(&run(root, &["incident", "resolve", slug, "--message", "All caught up", "--at", "2026-11-22T09:30:00+03:00"]));
        let end = common::read(root, &rel);
        assert_lines_kept(&mid, &end);
        assert_lines_kept(&text, &end);
        let inc = parse(root, &rel);
        assert_eq!(inc.updates.iter().map(|u| u.status.as_str()).collect::<Vec<_>>(), ["investigating", "monitoring", "resolved"]);
        assert_eq!(inc.updates[0].message, "Deliveries are late.\n\nWe are looking.");
        assert!(inc.body.contains("A thematic break above."));
        if name.contains("crlf") {
            assert!(!end.replace("\r\n", "").contains('\n'), "a bare LF was written into a CRLF file:\n{end:?}");
        } else {
            assert!(!end.contains('\r'));
        }
        // The new update sits after the last one, before the comment that follows the list.
        let nl = if name.contains("crlf") { "\r\n" } else { "\n" };
        let i_new = end.find(&format!("- at: 2026-11-22T09:00:00+03:00{nl}")).expect("new item in the file's `- at:` style");
        assert!(end.find("We are looking.").unwrap() < i_new && i_new < end.find("# after updates").unwrap(), "{end}");
    }
}

#[test]
fn fifty_parallel_updates_are_all_kept() {
    let site = example_site();
    let root = site.path();
    let original = common::read(root, CARD);
    let children: Vec<_> = (0..50)
        .map(|i| {
            common::bin()
                .arg("--root")
                .arg(root)
                // No --at: "now" is read under the lock, so the updates are in time order.
                .args(["incident", "update", "card-payments", "--status", "monitoring", "--message", &format!("parallel update #{i:02}")])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        ok(&c.wait_with_output().unwrap());
    }
    let text = common::read(root, CARD);
    assert_lines_kept(&original, &text);
    for i in 0..50 {
        assert_eq!(text.matches(&format!("\"parallel update #{i:02}\"")).count(), 1, "update {i} missing or doubled");
    }
    let inc = parse(root, CARD);
    assert_eq!(inc.updates.len(), 2 + 50);
    assert!(inc.updates.windows(2).all(|w| w[0].at <= w[1].at), "updates out of time order");
    let leftovers: Vec<_> = std::fs::read_dir(root.join("content/incidents"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left behind: {leftovers:?}");
}

/// A one-thread HTTP receiver: sends `(path, body)` of each request, answers 200.
fn receiver() -> (u16, mpsc::Receiver<(String, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut len = 0;
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                if h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    if k.eq_ignore_ascii_case("content-length") {
                        len = v.trim().parse().unwrap();
                    }
                }
            }
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").unwrap();
            let path = request_line.split_whitespace().nth(1).unwrap_or("").to_string();
            if tx.send((path, String::from_utf8(body).unwrap())).is_err() {
                break;
            }
        }
    });
    (port, rx)
}

fn add_webhooks(root: &Path, port: u16) {
    let mut yaml = common::read(root, "site.yaml");
    yaml.push_str(&format!(
        "broadcast:\n  webhooks:\n    - {{url: http://127.0.0.1:{port}/slack, format: slack}}\n    - {{url: http://127.0.0.1:{port}/json, format: json}}\n"
    ));
    std::fs::write(root.join("site.yaml"), yaml).unwrap();
}

/// The two bodies of one command, by path.
fn two_posts(rx: &mpsc::Receiver<(String, String)>) -> BTreeMap<String, serde_json::Value> {
    (0..2)
        .map(|_| {
            let (path, body) = rx.recv_timeout(Duration::from_secs(10)).expect("a webhook POST");
            (path, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}")))
        })
        .collect()
}

#[test]
fn broadcasts_to_slack_and_json_webhooks() {
    let site = example_site();
    let root = site.path();
    let (port, rx) = receiver();
    add_webhooks(root, port);

    let msg = "Payments are recovering: 95% succeed <now> & rising";
    ok(&run(
        root,
        &[
            "incident",
            "update",
            "card-payments",
            "--status",
            "monitoring",
            "--message",
            msg,
            "--component",
            "checkout=degraded_performance",
            "--at",
            "2026-11-23T11:00:00+03:00",
        ],
    ));
    let posts = two_posts(&rx);
    let text = posts["/slack"]["text"].as_str().unwrap();
    assert!(text.contains("Payments are recovering: 95% succeed &lt;now&gt; &amp; rising"), "{text}");
    assert!(text.contains("Сбои при оплате картой — Monitoring: "), "{text}");
    assert!(text.ends_with("https://help.acme.example/status/incidents/2026-11-23-card-payments/"), "{text}");
    let json = &posts["/json"];
    let inc = &json["incident"];
    assert_eq!(inc["incident_updates"][0]["body"], msg);
    assert_eq!(inc["incident_updates"][0]["status"], "monitoring");
    assert_eq!(inc["incident_updates"][0]["incident_id"], inc["id"]);
    assert_eq!(inc["incident_updates"][0]["affected_components"][0]["new_status"], "degraded_performance");
    assert_eq!(inc["incident_updates"][0]["affected_components"][0]["old_status"], "partial_outage");
    assert_eq!(inc["incident_updates"].as_array().unwrap().len(), 3);
    assert_eq!((inc["status"].as_str(), inc["impact"].as_str()), (Some("monitoring"), Some("major")));
    assert_eq!(inc["shortlink"], "https://help.acme.example/status/incidents/2026-11-23-card-payments/");
    assert_eq!(json["page"]["status_indicator"], "major");
    assert_eq!(inc["id"].as_str().unwrap().len(), 12);

    ok(&run(root, &["incident", "resolve", "card-payments", "--message", "Fixed", "--at", "2026-11-23T12:00:00+03:00"]));
    let again = two_posts(&rx);
    let inc2 = &again["/json"]["incident"];
    assert_eq!(inc2["id"], inc["id"], "incident id must be stable across runs");
    assert_eq!(inc2["incident_updates"][1]["id"], inc["incident_updates"][0]["id"], "update ids must be stable");
    assert_eq!(inc2["incident_updates"][0]["body"], "Fixed");
    assert_eq!(inc2["resolved_at"], "2026-11-23T12:00:00+03:00");
    assert_eq!(again["/json"]["page"]["status_indicator"], "none");
    assert!(again["/slack"]["text"].as_str().unwrap().contains("Resolved: Fixed"));

    // The webhook's ids and updates are the JSON API's.
    ok(&common::build(root));
    let api: serde_json::Value = serde_json::from_str(&common::read(root, "public/api/v2/incidents.json")).unwrap();
    let listed = api["incidents"].as_array().unwrap().iter().find(|i| i["id"] == inc2["id"]).expect("the incident in incidents.json");
    let ids = |v: &serde_json::Value| v["incident_updates"].as_array().unwrap().iter().map(|u| u["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(listed), ids(inc2));
    assert_eq!(listed["incident_updates"][0]["body"], "Fixed");
    assert_eq!(listed["incident_updates"][1]["affected_components"], inc2["incident_updates"][1]["affected_components"]);
    assert_eq!(listed["shortlink"], inc2["shortlink"]);
    assert_eq!(api["page"]["id"], again["/json"]["page"]["id"]);
}

#[test]
fn dead_webhook_warns_and_keeps_the_edit() {
    let site = example_site();
    let root = site.path();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port(); // bound, then dropped
    add_webhooks(root, port);
    let o = run(
        root,
        &[
            "incident",
            "update",
            "card-payments",
            "--status",
            "monitoring",
            "--message",
            "Nobody listens",
            "--at",
            "2026-11-23T11:00:00+03:00",
        ],
    );
    ok(&o);
    let err = stderr(&o);
    assert!(err.contains(&format!("warning: webhook http://127.0.0.1:{port}/slack failed")), "{err}");
    assert!(err.contains(&format!("warning: webhook http://127.0.0.1:{port}/json failed")), "{err}");
    assert!(common::read(root, CARD).contains("message: \"Nobody listens\""));
    assert_eq!(parse(root, CARD).updates.len(), 3);
}

#[test]
fn bad_arguments_exit_2_and_change_nothing() {
    let site = example_site();
    let root = site.path();
    // A second `...-payments` incident makes `payments` ambiguous.
    std::fs::copy(root.join(CARD), root.join("content/incidents/2026-11-24-mobile-payments.md")).unwrap();
    let before = md_files(root);
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["incident", "update", "card-payments", "--status", "monitoring", "--message", "x", "--component", "paymnets=major_outage"],
            &["paymnets", "checkout"],
        ),
        (
            &["incident", "update", "card-payments", "--status", "fixed", "--message", "x"],
            &["`fixed`", "investigating, identified, monitoring, resolved"],
        ),
        (
            &["incident", "update", "card-payments", "--status", "monitoring", "--message", "x", "--component", "api=broken"],
            &["`broken`", "major_outage"],
        ),
        (&["incident", "update", "db-maintenance", "--status", "monitoring", "--message", "x"], &["`monitoring`", "in_progress"]),
        (
            &["incident", "update", "no-such-thing", "--status", "monitoring", "--message", "x"],
            &["no-such-thing", "2026-11-23-card-payments"],
        ),
        (&["incident", "resolve", "payments", "--message", "x"], &["`payments`", "2026-11-23-card-payments", "2026-11-24-mobile-payments"]),
        // Resolving again would move `resolved:`: refused, with the way to add a note.
        (
            &["incident", "resolve", "delivery-tracking", "--message", "x"],
            &["already resolved", "2026-11-10T16:30:00+03:00", "incident update 2026-11-10-delivery-tracking --status resolved"],
        ),
        (&["incident", "open", "New one", "--impact", "huge", "--message", "x"], &["`huge`", "none, minor, major, critical"]),
        (&["incident", "open", "New one", "--impact", "major", "--component", "nope=major_outage", "--message", "x"], &["`nope`"]),
        (
            &[
                "maintenance",
                "schedule",
                "Later",
                "--start",
                "2026-12-01T02:00:00+03:00",
                "--end",
                "2026-12-01T01:00:00+03:00",
                "--message",
                "x",
            ],
            &["--end"],
        ),
        (&["incident", "update", "card-payments", "--status", "monitoring", "--message", "x", "--at", "yesterday"], &["yesterday"]),
    ];
    for (args, needles) in cases {
        let o = run(root, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        for n in *needles {
            assert!(err.contains(n), "{args:?}: stderr does not name {n:?}:\n{err}");
        }
        assert!(stdout(&o).is_empty(), "{args:?}");
        assert_eq!(md_files(root), before, "{args:?} changed files");
    }
    // An edit the parser rejects (update before `started`, let through the time check by
    // --force) is a content error: exit 1.
    let o = run(
        root,
        &[
            "incident",
            "update",
            "card-payments",
            "--status",
            "monitoring",
            "--message",
            "x",
            "--at",
            "2026-01-01T00:00:00+03:00",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("before `started`"), "{}", stderr(&o));
    assert_eq!(md_files(root), before);
}

#[test]
fn build_flag_rebuilds_the_site() {
    let site = example_site();
    let root = site.path();
    let o = run(root, &["incident", "update", "card-payments", "--status", "monitoring", "--message", "Rebuilt", "--build"]);
    ok(&o);
    // No output yet: the first publish builds everything.
    assert!(stderr(&o).contains("rebuilt the whole site in ") && stderr(&o).contains(" ms"), "{}", stderr(&o));
    assert!(root.join("public/index.html").is_file());
    assert!(root.join("internal/index.html").is_file());

    let o = run(
        root,
        &[
            "maintenance",
            "schedule",
            "Network upgrade",
            "--start",
            "2026-12-05T01:00:00+03:00",
            "--end",
            "2026-12-05T03:00:00+03:00",
            "--component",
            "api",
            "--message",
            "Short API blips possible",
            "--at",
            "2026-11-23T12:00:00+03:00",
            "--build",
        ],
    );
    ok(&o);
    let rel = "content/incidents/2026-12-05-network-upgrade.md";
    assert_eq!(stdout(&o).lines().next().map(PathBuf::from), Some(root.join(rel)));
    assert!(stdout(&o).contains("\nid: 2026-12-05-network-upgrade\n"), "{}", stdout(&o));
    let inc = parse(root, rel);
    assert!(inc.is_maintenance());
    assert_eq!(inc.components, [("api".to_string(), incident::ComponentStatus::UnderMaintenance)]);
    assert_eq!(inc.updates[0].status, "scheduled");
    // The next publishes write the status files only, and the new maintenance is in them.
    assert!(stderr(&o).contains("published the status in "), "{}", stderr(&o));
    assert!(std::fs::read_to_string(root.join("public/api/v2/scheduled-maintenances.json")).unwrap().contains("Network upgrade"));
}

/// Without `--at`, "now" is `FRONTLINE_NOW` when set (as for builds), and `HH:MM` is that day.
#[test]
fn frontline_now_is_the_default_time() {
    let site = example_site();
    let root = site.path();
    let now = |args: &[&str]| {
        let o = common::bin().env("FRONTLINE_NOW", "2026-11-23T15:00:00+03:00").arg("--root").arg(root).args(args).output().unwrap();
        ok(&o);
    };
    now(&["incident", "update", "card-payments", "--status", "monitoring", "--message", "Watching", "--at", "14:30"]);
    now(&["incident", "update", "card-payments", "--status", "monitoring", "--message", "Still watching"]);
    let inc = parse(root, CARD);
    let times: Vec<String> = inc.updates.iter().rev().take(2).map(|u| u.at.to_rfc3339()).collect();
    assert_eq!(times, ["2026-11-23T15:00:00+03:00", "2026-11-23T14:30:00+03:00"]);
    let o = common::bin()
        .env("FRONTLINE_NOW", "tomorrow")
        .arg("--root")
        .arg(root)
        .args(["incident", "update", "card-payments", "--status", "monitoring", "--message", "x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("FRONTLINE_NOW"), "{}", stderr(&o));
}

/// `frontline --root <root> <args>` with `FRONTLINE_NOW=<now>`.
fn run_at(root: &Path, now: &str, args: &[&str]) -> Output {
    common::bin().env("FRONTLINE_NOW", now).arg("--root").arg(root).args(args).output().unwrap()
}

fn assert_usage(o: &Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(stdout(o).is_empty(), "{}", stdout(o));
    assert!(err.contains("nothing was changed"), "{err}");
    for n in needles {
        assert!(err.contains(n), "stderr does not name {n:?}:\n{err}");
    }
}

#[test]
fn finds_incidents_by_id_fragment_title_and_transliteration() {
    let site = example_site();
    let root = site.path();
    let login = "content/incidents/2026-11-23-vkhod-v-akkaunt.md";
    let o = run(
        root,
        &["incident", "open", "Вход в аккаунт", "--impact", "minor", "--message", "Не входит", "--at", "2026-11-23T11:00:00+03:00"],
    );
    ok(&o);
    assert!(stdout(&o).contains("\nid: 2026-11-23-vkhod-v-akkaunt\n"), "{}", stdout(&o));
    let cases = [
        ("2026-11-23-card-payments", CARD),
        ("card-payments", CARD),
        ("card", CARD),
        ("Сбои при оплате картой", CARD),
        ("сбои при оплате КАРТОЙ", CARD),
        ("при оплате", CARD),
        ("vkhod", login),
        ("akkaunt", login),
        ("Вход в аккаунт", login),
        ("вход", login),
        ("content/incidents/2026-11-23-vkhod-v-akkaunt.md", login),
    ];
    for (n, (query, file)) in cases.iter().enumerate() {
        let before = parse(root, file).updates.len();
        let msg = format!("lookup {n}");
        ok(&run(root, &["incident", "update", query, "--message", &msg, "--at", &format!("2026-11-23T12:{n:02}:00+03:00")]));
        let inc = parse(root, file);
        assert_eq!((inc.updates.len(), inc.updates.last().unwrap().message.as_str()), (before + 1, msg.as_str()), "{query}");
    }

    // A resolved incident whose id also holds `vkhod`: ambiguous, candidates listed, open ones marked.
    std::fs::copy(
        root.join("content/incidents/2026-11-10-delivery-tracking.md"),
        root.join("content/incidents/2026-11-01-vkhod-po-sms.md"),
    )
    .unwrap();
    let before = md_files(root);
    for args in [&["incident", "update", "vkhod", "--message", "x"][..], &["incident", "resolve", "vkhod", "--message", "x"]] {
        let o = run(root, args);
        assert_usage(&o, &["`vkhod` matches 2 incidents"]);
        let err = stderr(&o);
        let line = |id: &str| err.lines().find(|l| l.contains(id)).unwrap_or_else(|| panic!("{id} not listed:\n{err}")).to_string();
        assert!(line("2026-11-23-vkhod-v-akkaunt").contains("  open  "), "{err}");
        assert!(line("2026-11-23-vkhod-v-akkaunt").contains("Вход в аккаунт"), "{err}");
        assert!(!line("2026-11-01-vkhod-po-sms").contains("open"), "{err}");
        assert!(err.find("2026-11-23-vkhod-v-akkaunt").unwrap() < err.find("2026-11-01-vkhod-po-sms").unwrap(), "open first: {err}");
        assert_eq!(md_files(root), before, "{args:?} changed files");
    }
    // A suffix that ends exactly one id still wins over fragments (SPEC §3).
    std::fs::copy(root.join(CARD), root.join("content/incidents/2026-11-24-card-payments-eu.md")).unwrap();
    ok(&run(root, &["incident", "update", "card-payments", "--message", "suffix", "--at", "2026-11-23T13:00:00+03:00"]));
    assert_eq!(parse(root, CARD).updates.last().unwrap().message, "suffix");
}

#[test]
fn update_keeps_status_and_takes_component_names() {
    let site = example_site();
    let root = site.path();
    let o = run(
        root,
        &[
            "incident",
            "update",
            "card-payments",
            "--message",
            "Still on it",
            "--component",
            "Public API=degraded_performance",
            "--component",
            "оформление ЗАКАЗА=major_outage",
            "--at",
            "2026-11-23T11:00:00+03:00",
        ],
    );
    ok(&o);
    let inc = parse(root, CARD);
    let u = inc.updates.last().unwrap();
    assert_eq!(u.status, "identified", "the status of the latest update is kept");
    let want = vec![
        ("api".to_string(), incident::ComponentStatus::DegradedPerformance),
        ("checkout".into(), incident::ComponentStatus::MajorOutage),
    ];
    assert_eq!(u.components.as_ref(), Some(&want));
    assert!(common::read(root, CARD).contains("    components:\n      api: degraded_performance\n      checkout: major_outage\n"));
}

#[test]
fn reopen_removes_resolved_and_restores_components() {
    let site = example_site();
    let root = site.path();
    ok(&run(root, &["incident", "resolve", "card-payments", "--message", "Fixed", "--at", "2026-11-23T12:00:00+03:00"]));
    let resolved = common::read(root, CARD);
    assert!(resolved.contains("\nresolved: 2026-11-23T12:00:00+03:00\n"));
    let before = md_files(root);
    assert_usage(
        &run(root, &["incident", "reopen", "card-payments", "--message", "x", "--status", "resolved"]),
        &["`resolved`", "monitoring"],
    );
    assert_eq!(md_files(root), before);

    ok(&run(root, &["incident", "reopen", "Сбои при оплате картой", "--message", "Снова сбои", "--at", "2026-11-23T12:30:00+03:00"]));
    let text = common::read(root, CARD);
    assert_lines_kept(&resolved.replace("resolved: 2026-11-23T12:00:00+03:00\n", ""), &text);
    assert!(!text.contains("\nresolved:"), "{text}");
    let inc = parse(root, CARD);
    assert!(inc.resolved.is_none());
    let u = inc.updates.last().unwrap();
    assert_eq!((u.status.as_str(), u.message.as_str()), ("investigating", "Снова сбои"));
    // As before the resolve: checkout partial_outage (api was back to operational at 10:15).
    assert_eq!(u.components.as_deref(), Some(&[("checkout".to_string(), incident::ComponentStatus::PartialOutage)][..]));
    let o = run_at(root, "2026-11-23T12:40:00+03:00", &["incident", "list", "--format", "json"]);
    ok(&o);
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(list["open"][0]["id"], "2026-11-23-card-payments");
    assert_eq!(list["open"][0]["status"], "investigating");

    // Reopening an open incident is refused; --status and --component are taken.
    assert_usage(&run(root, &["incident", "reopen", "card-payments", "--message", "x"]), &["is not resolved", "incident update"]);
    ok(&run(root, &["incident", "resolve", "card-payments", "--message", "Fixed again", "--at", "2026-11-23T13:00:00+03:00"]));
    ok(&run(
        root,
        &[
            "incident",
            "reopen",
            "card-payments",
            "--message",
            "Slow again",
            "--status",
            "monitoring",
            "--component",
            "api=degraded_performance",
            "--at",
            "2026-11-23T13:10:00+03:00",
        ],
    ));
    let inc = parse(root, CARD);
    let u = inc.updates.last().unwrap();
    assert_eq!(u.status, "monitoring");
    assert_eq!(u.components.as_deref(), Some(&[("api".to_string(), incident::ComponentStatus::DegradedPerformance)][..]));
}

#[test]
fn future_and_out_of_order_times_need_force() {
    let site = example_site();
    let root = site.path();
    let now = "2026-11-23T12:00:00+03:00";
    let before = md_files(root);
    let refused: &[(&[&str], &[&str])] = &[
        (
            &["incident", "update", "card-payments", "--message", "x", "--at", "12:30"],
            &["--at 2026-11-23 12:30 is 30 min after now", "--force"],
        ),
        (
            &["incident", "update", "card-payments", "--message", "x", "--at", "10:00"],
            &["before the incident's latest update (Identified at 2026-11-23 10:15)", "--force"],
        ),
        (&["incident", "resolve", "card-payments", "--message", "x", "--at", "10:00"], &["latest update", "--force"]),
        (&["incident", "open", "Later", "--impact", "minor", "--message", "x", "--at", "13:00"], &["1 h after now", "--force"]),
        (
            &[
                "maintenance",
                "schedule",
                "W",
                "--start",
                "2026-12-01 02:00",
                "--end",
                "2026-12-01 03:00",
                "--message",
                "x",
                "--at",
                "2026-11-24 12:00",
            ],
            &["1 d after now", "--force"],
        ),
    ];
    for (args, needles) in refused {
        assert_usage(&run_at(root, now, args), needles);
        assert_eq!(md_files(root), before, "{args:?} changed files");
    }
    // Within 5 minutes of now (clocks differ a little) is fine.
    ok(&run_at(root, now, &["incident", "update", "card-payments", "--message", "soon", "--at", "12:04"]));
    // The case: a future "Monitoring 00:45", then a resolve at 00:30.
    ok(&run_at(
        root,
        now,
        &["incident", "update", "card-payments", "--status", "monitoring", "--message", "ahead", "--at", "12:45", "--force"],
    ));
    assert_usage(
        &run_at(root, "2026-11-23T12:30:00+03:00", &["incident", "resolve", "card-payments", "--message", "x"]),
        &["now (2026-11-23 12:30) is before the incident's latest update (Monitoring at 2026-11-23 12:45)", "--force"],
    );
    ok(&run_at(root, "2026-11-23T12:30:00+03:00", &["incident", "resolve", "card-payments", "--message", "Fixed", "--force"]));
    let inc = parse(root, CARD);
    assert_eq!(inc.resolved.map(|r| r.to_rfc3339()).as_deref(), Some("2026-11-23T12:30:00+03:00"));
    let times: Vec<String> = inc.updates.iter().skip(2).map(|u| u.at.format("%H:%M").to_string()).collect();
    assert_eq!(times, ["12:04", "12:30", "12:45"], "the parser orders updates by time");
    let text = common::read(root, CARD);
    assert!(
        text.find("at: 2026-11-23T12:45:00+03:00").unwrap() < text.find("at: 2026-11-23T12:30:00+03:00").unwrap(),
        "appended as forced"
    );
    // Reopen checks the time too.
    assert_usage(
        &run_at(root, "2026-11-23T12:50:00+03:00", &["incident", "reopen", "card-payments", "--message", "x", "--at", "12:40"]),
        &["latest update", "--force"],
    );
    ok(&run_at(root, "2026-11-23T12:50:00+03:00", &["incident", "reopen", "card-payments", "--message", "x", "--at", "12:40", "--force"]));
    assert!(parse(root, CARD).resolved.is_none());
}

/// A resolved incident `2026-10-<day>-old-<day>`, resolved at noon that day.
fn old_incident(root: &Path, day: u32) {
    let d = format!("2026-10-{day:02}");
    let text = format!(
        "---\ntitle: Old {day}\nimpact: minor\nstarted: {d}T10:00:00+03:00\nresolved: {d}T12:00:00+03:00\nupdates:\n  - at: {d}T10:00:00+03:00\n    status: investigating\n    message: m\n  - at: {d}T12:00:00+03:00\n    status: resolved\n    message: ok\n---\n"
    );
    std::fs::write(root.join(format!("content/incidents/{d}-old-{day}.md")), text).unwrap();
}

/// The cells of a table line (columns are separated by two spaces or more).
fn cells(line: &str) -> Vec<String> {
    line.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect()
}

#[test]
fn list_shows_open_first_then_recent_closed() {
    let site = example_site();
    let root = site.path();
    for day in 1..=12 {
        old_incident(root, day);
    }
    let o = run_at(root, common::NOW, &["incident", "list"]);
    ok(&o);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Open (2):", "{out}");
    assert_eq!(cells(lines[1]), ["ID", "KIND", "STATUS", "IMPACT", "STARTED", "AGE", "TITLE"], "{out}");
    assert_eq!(
        cells(lines[2]),
        ["2026-11-23-card-payments", "incident", "identified", "major", "2026-11-23 09:40", "2 h 20 min", "Сбои при оплате картой"]
    );
    assert_eq!(
        cells(lines[3]),
        [
            "2026-11-28-db-maintenance",
            "maintenance",
            "scheduled",
            "none",
            "2026-11-28 02:00",
            "in 4 d 14 h",
            "Плановые работы с базой данных API"
        ]
    );
    assert_eq!(lines[4], "");
    assert_eq!(lines[5], "Closed (the 10 most recent; --all for all 13):", "{out}");
    assert_eq!(cells(lines[6])[5], "ENDED");
    assert_eq!(
        cells(lines[7])[..6],
        ["2026-11-10-delivery-tracking", "incident", "resolved", "minor", "2026-11-10 14:00", "2026-11-10 16:30"]
    );
    let closed: Vec<String> = lines[7..].iter().map(|l| cells(l)[0].clone()).collect();
    let mut want = vec!["2026-11-10-delivery-tracking".to_string()];
    want.extend((4..=12).rev().map(|d| format!("2026-10-{d:02}-old-{d}")));
    assert_eq!(closed, want);
    // Columns line up: every row's STATUS starts where the header's does.
    let col = lines[1].find("STATUS").unwrap();
    for l in lines[2..4].iter().chain(&lines[6..]) {
        assert_eq!(l.char_indices().nth(col).map(|(_, c)| c != ' '), Some(true), "misaligned: {l}");
        assert_eq!(l.chars().nth(col - 1), Some(' '), "misaligned: {l}");
    }

    let o = run_at(root, common::NOW, &["incident", "list", "--all"]);
    ok(&o);
    let out = stdout(&o);
    assert!(out.contains("Closed (13):\n"), "{out}");
    assert_eq!(out.lines().last().map(|l| cells(l)[0].clone()).as_deref(), Some("2026-10-01-old-1"));

    let o = run_at(root, common::NOW, &["incident", "list", "--format", "json"]);
    ok(&o);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids = |k: &str| v[k].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(ids("open"), ["2026-11-23-card-payments", "2026-11-28-db-maintenance"]);
    assert_eq!(ids("closed").len(), 10);
    assert_eq!(v["closed_left_out"], 3);
    let card = &v["open"][0];
    assert_eq!(
        (card["status"].as_str(), card["impact"].as_str(), card["kind"].as_str()),
        (Some("identified"), Some("major"), Some("incident"))
    );
    assert_eq!(card["url"], "https://help.acme.example/status/incidents/2026-11-23-card-payments/");
    assert_eq!(card["started"], "2026-11-23T09:40:00+03:00");

    // A broken file is reported (exit 1) and left out; the rest is still listed.
    std::fs::write(root.join("content/incidents/2026-11-20-broken.md"), "---\ntitle: [\n---\n").unwrap();
    let o = run_at(root, common::NOW, &["incident", "list"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("content/incidents/2026-11-20-broken.md"), "{}", stderr(&o));
    assert!(stdout(&o).contains("2026-11-23-card-payments"));
}

#[test]
fn commands_leave_no_stray_files_in_the_site() {
    let site = example_site();
    let root = site.path();
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git").arg("-C").arg(root).args(args).output().expect("git runs");
        assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
        stdout(&o)
    };
    git(&["init", "-q"]);
    let before = common::snapshot_dir(&root.join("content"));
    ok(&run(
        root,
        &["incident", "update", "card-payments", "--status", "monitoring", "--message", "Watching", "--at", "2026-11-23T11:00:00+03:00"],
    ));
    ok(&run(root, &["incident", "open", "Search is slow", "--impact", "minor", "--message", "x", "--at", "2026-11-23T11:05:00+03:00"]));
    let after = common::snapshot_dir(&root.join("content"));
    let changed: Vec<String> =
        after.iter().filter(|(p, bytes)| !before.iter().any(|(q, b)| q == p && b == bytes)).map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(changed, ["incidents/2026-11-23-card-payments.md", "incidents/2026-11-23-search-is-slow.md"]);
    assert!(before.iter().all(|(p, _)| after.iter().any(|(q, _)| q == p)), "a file was removed");
    // The lock lives in the site's own folder, which git ignores.
    let lock = frontline::incident_cmd::lock_path(root);
    assert!(lock.is_file() && !lock.starts_with(root.join("content")), "{}", lock.display());
    let status = git(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(status.contains("?? content/incidents/2026-11-23-search-is-slow.md"), "{status}");
    assert!(!status.contains(".frontline") && !status.contains(".lock"), "{status}");
}

/// `frontline <args> --help`, checked: every argument and option has a description.
fn help(args: &[&str]) -> String {
    let o = common::bin().args(args).arg("--help").output().unwrap();
    ok(&o);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let mut in_section = false;
    let mut entries = 0;
    for (i, l) in lines.iter().enumerate() {
        if matches!(*l, "Arguments:" | "Options:") {
            in_section = true;
            continue;
        }
        if l.is_empty() || !l.starts_with(' ') {
            in_section = false;
            continue;
        }
        let t = l.trim_start();
        if !in_section || !t.starts_with(['-', '<', '[']) {
            continue;
        }
        entries += 1;
        let same_line = t.split_once("  ").map(|(_, d)| d.trim()).filter(|d| !d.is_empty());
        let next_line = lines.get(i + 1).map(|n| n.trim_start()).filter(|n| !n.is_empty() && !n.starts_with(['-', '<', '[']));
        assert!(same_line.or(next_line).is_some(), "`frontline {}`: `{t}` has no description:\n{out}", args.join(" "));
    }
    assert!(entries >= 2, "{out}");
    out
}

#[test]
fn help_describes_every_option() {
    let serve = help(&["serve"]);
    for n in ["--port <PORT>", "--bind <IP>", "--now <TIME>", "RFC 3339", "--internal", "--drafts"] {
        assert!(serve.contains(n), "serve --help lacks {n}:\n{serve}");
    }
    let build = help(&["build"]);
    for n in ["--out <DIR>", "--internal-out <DIR>", "--base-url <URL>", "http(s)://host (no path)", "--now <TIME>", "--no-search"] {
        assert!(build.contains(n), "build --help lacks {n}:\n{build}");
    }
    let check = help(&["check"]);
    assert!(check.contains("--format <FORMAT>") && check.contains("json") && check.contains("--now <TIME>"), "{check}");
    let init = help(&["init"]);
    assert!(init.contains("[DIR]") && init.contains("--empty"), "{init}");
    let article = help(&["new", "article"]);
    assert!(article.starts_with("A help-center article"), "{article}");
    assert!(article.contains("Usage: frontline new article [OPTIONS] <TITLE>"), "{article}");
    assert!(article.contains("--category <FOLDER>") && article.contains("--lang <LANG>"), "{article}");
    let runbook = help(&["new", "runbook"]);
    assert!(runbook.starts_with("An internal runbook") && runbook.contains("<TITLE>"), "{runbook}");
    let new = help(&["new"]);
    assert!(new.contains("article") && new.contains("runbook"), "{new}");
    let open = help(&["incident", "open"]);
    for n in
        ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance", "none | minor | major | critical"]
    {
        assert!(open.contains(n), "incident open --help lacks {n}:\n{open}");
    }
    for n in ["--message <MESSAGE>", "--impact <IMPACT>", "--at <TIME>", "HH:MM", "--force", "component id or name"] {
        assert!(open.contains(n), "incident open --help lacks {n}:\n{open}");
    }
    let update = help(&["incident", "update"]);
    assert!(update.contains("<SLUG>") && update.contains("its title") && update.contains("[default: the latest update's]"), "{update}");
    let usage = update.lines().find(|l| l.starts_with("Usage:")).unwrap();
    assert!(!usage.contains("--status"), "--status is optional: {usage}");
    for cmd in [&["incident", "resolve"][..], &["incident", "reopen"], &["incident", "list"]] {
        help(cmd);
    }
    let schedule = help(&["maintenance", "schedule"]);
    assert!(schedule.contains("--start <TIME>") && schedule.contains("--end <TIME>") && schedule.contains("--force"), "{schedule}");
}
