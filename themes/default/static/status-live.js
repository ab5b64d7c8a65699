// frontline default theme: live status. Every page is built with the status as of its
// build; this script reads /api/v2/summary.json (published by every incident update,
// see the README's "Status freshness") and corrects what the page shows: the banner on
// help pages, and on /status/ the overall indicator, the components, the open
// incidents and the maintenance sections. A maintenance window that opens or closes
// after the build changes state on time: its window is in the data. /status/ reads the
// data again every 60 s while it is visible. Without JavaScript (or when the data
// cannot be read) the page stays as it was built. No framework, no external requests.
(function () {
  "use strict";
  var banner = document.querySelector("[data-status-banner]");
  var board = document.querySelector("[data-status-board]");
  if ((!banner && !board) || !window.fetch || !window.Promise) return;
  var SOON_MS = 7 * 24 * 3600 * 1000;
  var STALE_MS = 60 * 60 * 1000;
  var REFRESH_MS = 60 * 1000;
  var ORDER = ["operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"];
  var IMPACT = ["none", "minor", "major", "critical"];
  var lang = document.documentElement.lang || "en";
  var data = null;

  function t(el, key) { return (el && el.getAttribute("data-t-" + key)) || key; }
  function time(s) { var v = s ? Date.parse(s) : NaN; return isNaN(v) ? null : v; }
  function h(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function zone() { return (data && data.page && data.page.time_zone) || undefined; }
  function fmt(ms, opts) {
    try { return new Intl.DateTimeFormat(lang, Object.assign({ timeZone: zone() }, opts)).format(new Date(ms)); }
    catch (e) { return new Date(ms).toISOString(); }
  }
  function dateTime(ms) {
    return fmt(ms, { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  }
  function ago(ms) {
    var min = Math.max(0, Math.round((Date.now() - ms) / 60000));
    var unit = "minute", n = min;
    if (min >= 120) { unit = "hour"; n = Math.round(min / 60); }
    try { return new Intl.RelativeTimeFormat(lang, { numeric: "auto" }).format(-n, unit); }
    catch (e) { return n + " " + unit + (n === 1 ? "" : "s") + " ago"; }
  }
  // The incident page in this page's language, from the shortlink's /status/… path.
  function pageUrl(inc, home) {
    var p = "";
    try { p = new URL(inc.shortlink, location.href).pathname; } catch (e) { p = ""; }
    var at = p.indexOf("/status/");
    return at < 0 ? inc.shortlink : (home || "/").replace(/\/$/, "") + p.slice(at);
  }

  // What the data says now, by this browser's clock: open incidents, maintenance
  // in progress and upcoming (a window that began after the build is in progress).
  function state(now) {
    var open = (data.incidents || []).filter(function (i) { return !time(i.resolved_at) || time(i.resolved_at) > now; });
    var active = [], upcoming = [];
    (data.scheduled_maintenances || []).forEach(function (m) {
      var from = time(m.scheduled_for), until = time(m.scheduled_until), done = time(m.resolved_at);
      if (from == null || until == null) return;
      var end = done != null && done < until ? done : until;
      if (m.status === "completed" || now >= end) return;
      if (now >= from) active.push(Object.assign({}, m, { status: m.status === "verifying" ? "verifying" : "in_progress" }));
      else if (done == null) upcoming.push(Object.assign({}, m, { status: "scheduled" }));
    });
    upcoming.sort(function (a, b) { return time(a.scheduled_for) - time(b.scheduled_for); });
    return { open: open, active: active, upcoming: upcoming, now: now };
  }

  function indicator(s) {
    if (s.open.length) {
      var worst = 1;
      s.open.forEach(function (i) { worst = Math.max(worst, IMPACT.indexOf(i.impact)); });
      return IMPACT[worst];
    }
    return s.active.length ? "maintenance" : "none";
  }

  // ---- banner on help pages: every open incident, then maintenance now or soon ----
  function hm(ms, zone) {
    return fmt(ms, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: zone ? "short" : undefined });
  }
  function bannerFor(s) {
    var items = s.open.map(function (i) { return [i, "incident", i.impact, t(banner, i.status)]; });
    s.active.concat(s.upcoming.filter(function (m) { return time(m.scheduled_for) - s.now <= SOON_MS; }))
      .sort(function (a, b) { return time(a.scheduled_for) - time(b.scheduled_for); })
      .forEach(function (m) {
        var from = time(m.scheduled_for);
        items.push([m, "maintenance", "maintenance", m.status !== "scheduled" ? t(banner, m.status) :
          fmt(from, { day: "numeric", month: "long" }) + ", " + hm(from) + "–" + hm(time(m.scheduled_until), 1)]);
      });
    if (!items.length) return null;
    var level = s.open.length ? indicator(s) : "maintenance";
    return { level: level, items: items, key: [level].concat(items.map(function (x) { return x[0].id + ":" + x[0].status; })).join(" ") };
  }

  function drawBanner(s) {
    var want = bannerFor(s);
    var have = banner.querySelector(".status-banner");
    if ((have ? have.getAttribute("data-key") : null) === (want ? want.key : null)) return;
    if (have) have.parentNode.removeChild(have);
    if (!want) return;
    var aside = h("aside", "status-banner level-" + want.level);
    aside.setAttribute("data-key", want.key);
    aside.setAttribute("aria-label", t(banner, "label"));
    var ul = aside.appendChild(h("ul"));
    want.items.forEach(function (x) {
      var li = ul.appendChild(h("li", "level-" + x[2]));
      var a = h("a", null, x[0].name);
      a.href = pageUrl(x[0], banner.getAttribute("data-home"));
      li.appendChild(h("strong", null, t(banner, x[1]) + ":"));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(h("span", null, x[3]));
    });
    banner.appendChild(aside);
  }

  // ---- /status/ ----
  function componentStatus(id, s) {
    var c = (data.components || []).filter(function (c) { return c.id === id; })[0];
    var st = c ? c.status : "operational";
    var inMaint = s.active.some(function (m) { return (m.components || []).some(function (x) { return x.id === id; }); });
    var inIncident = s.open.some(function (i) { return (i.components || []).some(function (x) { return x.id === id; }); });
    if (st === "under_maintenance" && !inMaint) st = inIncident ? st : "operational";
    if (inMaint && ORDER.indexOf(st) < ORDER.indexOf("under_maintenance")) st = "under_maintenance";
    return st;
  }

  function card(inc, kind) {
    var el = h("article", "incident-card impact-" + inc.impact);
    el.setAttribute("data-incident", inc.id);
    el.setAttribute("data-state", inc.status + "@" + inc.updated_at);
    var head = h("h3");
    var a = h("a", null, inc.name);
    a.href = pageUrl(inc, board.getAttribute("data-home"));
    head.appendChild(a);
    el.appendChild(head);
    var meta = h("p", "meta");
    meta.appendChild(h("span", "pill", t(board, inc.status)));
    if (kind !== "open") {
      meta.appendChild(document.createTextNode(" · " + t(board, "window") + ": " +
        dateTime(time(inc.scheduled_for)) + " — " + dateTime(time(inc.scheduled_until))));
    } else {
      meta.appendChild(document.createTextNode(" · " + t(board, "started") + ": "));
      var tm = h("time", null, dateTime(time(inc.started_at)));
      tm.setAttribute("datetime", inc.started_at);
      meta.appendChild(tm);
    }
    el.appendChild(meta);
    var names = (inc.components || []).map(function (c) {
      var mine = document.querySelector("#component-" + CSS.escape(c.id) + " .component-name");
      return mine ? mine.textContent : c.name;
    });
    if (names.length) el.appendChild(h("p", "meta", t(board, "affected") + ": " + names.join(", ")));
    var list = h("ol", "timeline");
    (inc.incident_updates || []).forEach(function (u) {
      var li = h("li", "timeline-item status-" + u.status);
      var p = h("p", "timeline-head");
      p.appendChild(h("strong", null, t(board, u.status)));
      p.appendChild(document.createTextNode(" · "));
      var when = h("time", null, dateTime(time(u.display_at)));
      when.setAttribute("datetime", u.display_at);
      p.appendChild(when);
      li.appendChild(p);
      if (u.body) li.appendChild(h("p", null, u.body));
      list.appendChild(li);
    });
    el.appendChild(list);
    return el;
  }

  function drawSection(kind, items) {
    var box = board.querySelector('[data-section="' + kind + '"]');
    if (!box) return;
    var have = Array.prototype.map.call(box.querySelectorAll("[data-incident]"), function (e) {
      return e.getAttribute("data-incident") + "=" + e.getAttribute("data-state");
    }).join(" ");
    var want = items.map(function (i) { return i.id + "=" + i.status + "@" + i.updated_at; }).join(" ");
    if (have === want) return;
    var list = box.querySelector("[data-cards]");
    while (list.firstChild) list.removeChild(list.firstChild);
    items.forEach(function (i) { list.appendChild(card(i, kind)); });
    box.hidden = items.length === 0;
  }

  function drawBoard(s) {
    var ind = indicator(s);
    var overall = board.querySelector("[data-status-overall]");
    if (overall && overall.getAttribute("data-level") !== ind) {
      overall.className = "overall level-" + ind;
      overall.setAttribute("data-level", ind);
      overall.lastChild.textContent = t(board, "ind_" + ind);
    }
    Array.prototype.forEach.call(board.querySelectorAll("[data-component]"), function (li) {
      var st = componentStatus(li.getAttribute("data-component"), s);
      var el = li.querySelector(".component-status");
      if (el && el.getAttribute("data-status") !== st) {
        el.className = "component-status st-" + st;
        el.setAttribute("data-status", st);
        el.textContent = t(board, st);
      }
    });
    drawSection("open", s.open);
    drawSection("active", s.active);
    drawSection("upcoming", s.upcoming);
    var updated = time(data.page && data.page.updated_at);
    var age = board.querySelector("[data-status-age]");
    if (age && updated != null) {
      age.textContent = t(board, "live_updated") + " " + ago(updated);
      age.hidden = false;
    }
    var stale = board.querySelector("[data-status-stale]");
    if (stale) {
      var old = updated != null && s.open.length > 0 && s.now - updated > STALE_MS;
      stale.hidden = !old;
      if (old) stale.textContent = t(board, "live_stale").replace("{ago}", ago(updated));
    }
  }

  function draw() {
    if (!data) return;
    var s = state(Date.now());
    if (banner) drawBanner(s);
    if (board) drawBoard(s);
  }

  // The next moment a maintenance window opens or closes: redraw right then.
  var timer = null;
  function schedule() {
    if (timer) clearTimeout(timer);
    var now = Date.now(), next = Infinity;
    (data && data.scheduled_maintenances || []).forEach(function (m) {
      [time(m.scheduled_for), time(m.scheduled_until), time(m.resolved_at)].forEach(function (x) {
        if (x != null && x > now && x < next) next = x;
      });
    });
    if (next !== Infinity) timer = setTimeout(function () { draw(); schedule(); }, Math.min(next - now + 50, 2147483000));
  }

  function load() {
    var url = (banner || board).getAttribute("data-summary") || "/api/v2/summary.json";
    return fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "t=" + Date.now(), { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (json) { data = json; draw(); schedule(); })
      .catch(function () { /* keep the page as it was built */ });
  }

  load();
  if (board) {
    setInterval(function () { if (document.visibilityState !== "hidden") load(); }, REFRESH_MS);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") load(); });
  }
})();
