/* Keyboard shortcuts of the work queue and the case page (docs/case-working.md).
   Ignored while typing in a field. Queue: j/k move between cases, Enter opens, a assigns
   the selected (or only) case to me, m/u show my cases / unassigned. Case page: j/k move
   between open findings, x selects the finding for clearing (X selects them all), c goes
   to the shared reason of the selected findings, d opens the documents, t takes the case,
   n writes a note, ? lists the shortcuts. */
(function () {
  "use strict";
  function typing(event) {
    var t = event.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  function items(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  function move(selector, step) {
    var list = items(selector);
    if (!list.length) { return; }
    var index = list.indexOf(document.activeElement.closest ? document.activeElement.closest(selector) : null);
    var next = list[Math.max(0, Math.min(list.length - 1, index + step))] || list[0];
    list.forEach(function (el) { el.classList.remove("kbd-current"); });
    next.classList.add("kbd-current");
    next.focus();
    next.scrollIntoView({block: "nearest"});
  }
  function click(selector) {
    var el = document.querySelector(selector);
    if (el) { el.click(); return true; }
    return false;
  }
  function focus(selector) {
    var el = document.querySelector(selector);
    if (el) {
      var details = el.closest("details");
      if (details) { details.open = true; }
      el.focus();
      el.scrollIntoView({block: "center"});
    }
  }
  document.addEventListener("keydown", function (event) {
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var queue = document.getElementById("queue-rows");
    var key = event.key;
    if (key === "?") { focus("#keyboard-help"); click("#keyboard-help summary"); event.preventDefault(); return; }
    if (queue) {
      if (key === "j") { move("#queue-rows tr[tabindex]", 1); }
      else if (key === "k") { move("#queue-rows tr[tabindex]", -1); }
      else if (key === "Enter" && document.activeElement.matches("#queue-rows tr[tabindex]")) {
        document.activeElement.querySelector("a.case-link").click();
      } else if (key === "a") {
        var row = document.activeElement.closest ? document.activeElement.closest("#queue-rows tr") : null;
        var button = (row || document).querySelector("button.take-case");
        if (button) { button.click(); }
      } else if (key === "m") { click("#tab-mine"); }
      else if (key === "u") { click("#tab-unassigned"); }
      else { return; }
      event.preventDefault();
      return;
    }
    if (document.getElementById("euc-heading")) {
      var FINDING = "#findings details[open] li.finding";
      if (key === "j") { move(FINDING, 1); }
      else if (key === "k") { move(FINDING, -1); }
      else if (key === "x") {
        var finding = document.activeElement.closest ? document.activeElement.closest("li.finding") : null;
        var box = finding && finding.querySelector("input.bulk-select");
        if (box) { box.checked = !box.checked; box.dispatchEvent(new Event("change", {bubbles: true})); }
      } else if (key === "X") {
        items("input.bulk-select").forEach(function (b) { b.checked = true; });
        var all = document.querySelector("input.bulk-select");
        if (all) { all.dispatchEvent(new Event("change", {bubbles: true})); }
      } else if (key === "c") { focus("#bulk-clear textarea"); }
      else if (key === "d") {
        var preview = document.querySelector("#documents details");
        if (preview) { preview.open = true; }
        focus("#documents-link");
      }
      else if (key === "t") { click("#take-case"); }
      else if (key === "n") { focus("#id_note-text"); }
      else { return; }
      event.preventDefault();
    }
  });
  /* The bulk-clear form counts the findings selected. */
  document.addEventListener("change", function (event) {
    if (!event.target.classList || !event.target.classList.contains("bulk-select")) { return; }
    var count = items("input.bulk-select:checked").length;
    var out = document.getElementById("bulk-count");
    if (out) { out.textContent = String(count); }
  });
}());
