// frontline default theme, internal site: keeps the operators' lists of open
// incidents and maintenance right after a status-only publish (`incident …
// --build` rewrites status/shift.json, not the internal home or the runbooks).
// Each `[data-shift]` box names its shift.json; the list is redrawn from it when
// the items differ from what the page was built with, and the ages ("open for
// 2 h 20 min") are recomputed for the time the page is looked at. A runbook's box
// (`data-shift-runbook`, `data-shift-components`) keeps the items that name the
// runbook or touch one of its components, not upcoming maintenance. Everything is
// inserted as text; links are only http(s) or site paths. No external requests.
(function () {
  "use strict";

  function safeHref(u) {
    try {
      var url = new URL(u, location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? u : "#";
    } catch (e) {
      return "#";
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The two largest units, at least a minute (as the build writes them).
  function duration(mins, L) {
    mins = Math.max(1, mins);
    var d = Math.floor(mins / 1440), h = Math.floor(mins / 60) % 24, m = mins % 60;
    if (!d && !h) return m + " " + L.unit_min;
    if (!d) return m ? h + " " + L.unit_h + " " + m + " " + L.unit_min : h + " " + L.unit_h;
    return h ? d + " " + L.unit_d + " " + h + " " + L.unit_h : d + " " + L.unit_d;
  }

  function ageText(kind, sinceIso, L) {
    var since = Date.parse(sinceIso);
    if (isNaN(since)) return null;
    var ms = kind === "starts" ? since - Date.now() : Date.now() - since;
    if (ms < 0) return null; // the clock disagrees with the data: keep what the build wrote
    var tpl = L["age_" + kind];
    return tpl ? tpl.replace("{age}", duration(Math.floor(ms / 60000), L)) : null;
  }

  function item(i, L) {
    var li = el("li", "shift-item level-" + String(i.level));
    li.setAttribute("data-key", i.key);
    var a = el("a", "shift-title", i.title);
    a.href = safeHref(i.url);
    var age = el("span", "shift-age muted", i.age);
    age.setAttribute("data-since", i.since_iso);
    age.setAttribute("data-age-kind", i.age_kind);
    li.append(a, " ", el("span", "pill", i.status_label), " ", age, " ", el("span", "shift-since muted", "(" + L.since + " " + i.since + ")"));
    if (i.runbooks && i.runbooks.length) {
      var p = el("p", "shift-runbooks", L.runbooks + ": ");
      i.runbooks.forEach(function (r, n) {
        if (n) p.append(", ");
        var link = el("a", "", r.title);
        link.href = safeHref(r.url);
        p.append(link);
      });
      li.append(p);
    }
    return li;
  }

  function mine(box, items) {
    var runbook = box.getAttribute("data-shift-runbook");
    if (runbook === null) return items;
    var comps = (box.getAttribute("data-shift-components") || "").split(/\s+/).filter(Boolean);
    return items.filter(function (i) {
      if (i.upcoming) return false;
      var named = (i.runbooks || []).some(function (r) { return r.url === runbook; });
      return named || (i.components || []).some(function (c) { return comps.indexOf(c) >= 0; });
    });
  }

  function refreshAges(box, L) {
    box.querySelectorAll("[data-since][data-age-kind]").forEach(function (s) {
      var t = ageText(s.getAttribute("data-age-kind"), s.getAttribute("data-since"), L);
      if (t) s.textContent = t;
    });
  }

  function apply(box, data) {
    var L = data.labels || {};
    var list = box.querySelector("[data-shift-list]");
    if (!list || !Array.isArray(data.items)) return;
    var items = mine(box, data.items);
    var shown = [].map.call(list.querySelectorAll(".shift-item"), function (li) { return li.getAttribute("data-key"); });
    var wanted = items.map(function (i) { return i.key; });
    if (shown.join("\n") !== wanted.join("\n")) {
      list.replaceChildren.apply(list, items.map(function (i) { return item(i, L); }));
      var none = box.querySelector(".shift-none");
      if (none) none.hidden = items.length > 0;
      else box.hidden = items.length === 0;
    }
    box.setAttribute("data-shift-live", "true");
    refreshAges(box, L);
  }

  var loads = {};
  function load(url) {
    loads[url] = loads[url] || fetch(url, { cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
    return loads[url];
  }

  function start() {
    document.querySelectorAll("[data-shift]").forEach(function (box) {
      var url = box.getAttribute("data-shift");
      if (!url || safeHref(url) === "#") return;
      load(url).then(function (data) { apply(box, data); }, function (e) {
        console.warn("frontline ops-live:", e);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
