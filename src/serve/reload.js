// frontline serve: live reload. Injected by `frontline serve` only.
(function () {
  "use strict";
  var overlay = null;
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "frontline-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,0,0,.92);color:#fff;" +
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;overflow:auto;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "frontline: the last change does not build; showing the last good version.\n\n" + text;
  }
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
