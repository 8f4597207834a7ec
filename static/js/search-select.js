// Search fields for choices over large tables (wangcang/searchselect.py): the <select> holds
// only the chosen options; typing in the box above it asks the server for matches and lists
// them as options. Without JavaScript the select still submits its chosen value.
(function () {
  "use strict";
  function enhance(select) {
    if (select.dataset.searchReady) { return; }
    select.dataset.searchReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = select.dataset.searchPlaceholder || "";
    box.setAttribute("aria-label", box.placeholder);
    box.setAttribute("autocomplete", "off");
    select.parentNode.insertBefore(box, select);
    var timer = null;
    var asked = 0;
    function fill(results) {
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (!option.selected && option.value !== "") { option.remove(); }
      });
      var have = {};
      Array.prototype.forEach.call(select.options, function (option) { have[option.value] = true; });
      results.forEach(function (row) {
        if (have[String(row.id)]) { return; }
        select.add(new Option(row.text, row.id));
      });
      if (!results.length) {
        var none = new Option(select.dataset.searchEmpty || "", "");
        none.disabled = true;
        select.add(none);
      }
      if (!select.multiple && results.length && !select.value) {
        select.selectedIndex = Array.prototype.findIndex.call(select.options, function (o) { return o.value !== ""; });
      }
    }
    function search() {
      var mine = ++asked;
      fetch(select.dataset.searchUrl + "?q=" + encodeURIComponent(box.value.trim()), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === asked) { fill(data.results || []); } })
        .catch(function () {});
    }
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    box.addEventListener("focus", function () { if (select.options.length <= 1) { search(); } }, { once: true });
  }
  function scan(root) {
    (root || document).querySelectorAll("select[data-search-url]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
