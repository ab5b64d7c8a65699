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

// Runbook checklists: task-list steps become checkboxes whose state is kept per
// runbook in this browser (localStorage) until "Reset checklist".
(function () {
  "use strict";
  var lists = document.querySelectorAll("[data-checklist]");
  for (var n = 0; n < lists.length; n++) {
    (function (root) {
      var key = "frontline-checklist:" + root.getAttribute("data-checklist");
      var boxes = root.querySelectorAll('li > input[type="checkbox"]');
      if (!boxes.length) return;
      var saved = null;
      try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
      var initial = [];
      for (var i = 0; i < boxes.length; i++) {
        var box = boxes[i];
        initial.push(box.checked);
        box.disabled = false;
        box.removeAttribute("disabled");
        box.id = box.id || "step-" + n + "-" + i;
        box.setAttribute("aria-label", (box.parentNode.textContent || "").trim());
        if (saved && typeof saved[i] === "boolean") box.checked = saved[i];
      }
      function save() {
        var state = [];
        for (var i = 0; i < boxes.length; i++) state.push(boxes[i].checked);
        try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* storage full or disabled */ }
      }
      root.addEventListener("change", function (ev) {
        if (ev.target && ev.target.type === "checkbox") save();
      });
      var reset = document.querySelector('[data-checklist-reset="' + root.getAttribute("data-checklist") + '"]');
      if (reset) {
        reset.hidden = false;
        reset.addEventListener("click", function () {
          try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
          for (var i = 0; i < boxes.length; i++) boxes[i].checked = initial[i];
        });
      }
    })(lists[n]);
  }
})();
