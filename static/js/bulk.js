// The bulk bar of list pages (templates/includes/bulk_bar.html): "select all" ticks every
// row of the page, the bar counts the rows ticked, and ticking a row chooses "the rows
// ticked" again. Without it the bar still works, row by row.
(function () {
  "use strict";

  function update(form) {
    var rows = document.querySelectorAll("input[data-bulk-row][form='" + form.id + "']");
    var ticked = Array.prototype.filter.call(rows, function (row) { return row.checked; }).length;
    form.querySelectorAll("[data-bulk-count]").forEach(function (element) { element.textContent = ticked; });
    document.querySelectorAll("input[data-bulk-all]").forEach(function (all) {
      all.checked = rows.length > 0 && ticked === rows.length;
      all.indeterminate = ticked > 0 && ticked < rows.length;
    });
    var every = form.querySelector("input[name=scope][value=all]");
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = ticked === 0 && !(every && every.checked); }
  }

  document.addEventListener("change", function (event) {
    var form = document.querySelector("form[data-bulk-form]");
    if (!form) { return; }
    var target = event.target;
    if (target.matches("input[data-bulk-all]")) {
      document.querySelectorAll("input[data-bulk-row][form='" + form.id + "']").forEach(function (row) {
        row.checked = target.checked;
      });
    }
    if (target.matches("input[data-bulk-row], input[data-bulk-all]")) {
      var selected = form.querySelector("input[name=scope][value=selected]");
      if (selected) { selected.checked = true; }
    }
    update(form);
  });

  function start() {
    var form = document.querySelector("form[data-bulk-form]");
    if (form) { update(form); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
