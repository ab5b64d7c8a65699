// frontline default theme: copy buttons for canned replies. No external requests.
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed";
      ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      try { document.execCommand("copy") ? resolve() : reject(new Error("copy failed")); }
      catch (e) { reject(e); }
      document.body.removeChild(ta);
    });
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("[data-copy]");
    if (!btn) return;
    var card = btn.closest(".reply");
    var text = card ? card.querySelector(".reply-text").textContent : "";
    var label = btn.textContent;
    var done = document.documentElement.lang === "ru" ? "Скопировано" : "Copied";
    copyText(text).then(function () {
      btn.textContent = done;
      btn.setAttribute("data-copied", "true");
      setTimeout(function () { btn.textContent = label; }, 2000);
    });
  });
})();
