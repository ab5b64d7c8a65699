// frontline serve: live reload. Injected by `frontline serve` only.
(function () {
  "use strict";
  // The build error: an opaque sheet across the top of the page (the last good page
  // stays usable under it), its own lines wrapping and scrolling; Close or Esc hides it
  // until the next error.
  var overlay = null;
  var lines = null;
  function el(tag, css, text) {
    var e = document.createElement(tag);
    e.style.cssText = css;
    if (text) e.textContent = text;
    return e;
  }
  function hideError() {
    if (overlay) overlay.parentNode.removeChild(overlay);
    overlay = lines = null;
  }
  function showError(text) {
    if (!overlay) {
      overlay = el("div", "position:fixed;top:0;left:0;right:0;z-index:2147483647;box-sizing:border-box;display:flex;" +
        "flex-direction:column;max-height:60vh;background:#2a0d0d;color:#fff;border-bottom:4px solid #ff7b72;" +
        "box-shadow:0 8px 28px rgba(0,0,0,.55);text-align:left");
      overlay.id = "frontline-error-overlay";
      overlay.setAttribute("role", "alert");
      var head = el("div", "display:flex;align-items:flex-start;gap:1rem;padding:.7rem 1rem;border-bottom:1px solid #5c2626;" +
        "font:600 15px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif");
      head.appendChild(el("span", "flex:1", "frontline: the last change does not build; showing the last good version."));
      var close = el("button", "flex:none;font:inherit;font-size:14px;padding:.3rem .8rem;border:0;border-radius:6px;" +
        "background:#fff;color:#2a0d0d;cursor:pointer", "Close");
      close.type = "button";
      close.onclick = hideError;
      head.appendChild(close);
      lines = el("pre", "margin:0;padding:.7rem 1rem 1rem;overflow:auto;min-height:0;white-space:pre-wrap;" +
        "overflow-wrap:anywhere;font:14px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace");
      overlay.appendChild(head);
      overlay.appendChild(lines);
      document.body.appendChild(overlay);
    }
    lines.textContent = "";
    text.split("\n").forEach(function (l) {
      // "error: path:line:col: …" lines stand out; their "hint:" lines are softer.
      lines.appendChild(el("span", /^\s*hint:/.test(l) ? "color:#ffcfa3" : /^\S+:/.test(l) ? "font-weight:700" : "", l + "\n"));
    });
  }
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hideError(); });
  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("v", Date.now());
      links[i].href = url.toString();
    }
  }
  var es = new EventSource("/__frontline/events");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function () {
    if (overlay) { location.reload(); return; }
    swapCss();
  });
  es.addEventListener("build-error", function (ev) { showError(ev.data); });
  window.__frontline = { events: es };
})();
