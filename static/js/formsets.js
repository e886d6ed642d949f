/* Add and remove rows of Django formsets ([data-formset] blocks), and show a block only
   while a checkbox is unticked ([data-shown-unless]). No dependencies. */
(function () {
  "use strict";
  function setUp(set) {
    var prefix = set.getAttribute("data-formset");
    var total = set.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var rows = set.querySelector("[data-formset-rows]");
    var template = set.querySelector("template[data-formset-template]");
    var add = set.querySelector("[data-formset-add]");
    if (!total || !rows || !template || !add) { return; }
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
      var row = rows.lastElementChild;
      var first = row && row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    });
    set.addEventListener("click", function (event) {
      var button = event.target.closest("[data-formset-remove]");
      if (!button) { return; }
      var row = button.closest("[data-formset-row]");
      var remove = row.querySelector("input[name$='-DELETE']");
      if (remove) { remove.checked = true; }
      row.hidden = true;
      add.focus();
    });
  }
  function toggle(block) {
    var box = document.getElementById(block.getAttribute("data-shown-unless"));
    if (!box) { return; }
    var update = function () { block.hidden = box.checked; };
    box.addEventListener("change", update);
    update();
  }
  document.querySelectorAll("[data-formset]").forEach(setUp);
  document.querySelectorAll("[data-shown-unless]").forEach(toggle);
})();
