// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy
// needs no 'unsafe-inline': progress-bar widths and selects that submit their form.
(function () {
  "use strict";

  function apply(root) {
    root.querySelectorAll("[data-width]").forEach(function (element) {
      element.style.width = Math.max(0, Math.min(100, Number(element.dataset.width) || 0)) + "%";
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) { event.target.form.submit(); }
  });
  document.addEventListener("DOMContentLoaded", function () { apply(document); });
  document.addEventListener("htmx:afterSettle", function (event) { apply(event.detail.elt.parentNode || document); });
  if (document.readyState !== "loading") { apply(document); }
})();
