// Period and division selectors: choosing from a list shows the figures at once; the
// free-text period is cleared when a listed period is chosen, since the typed one wins.
// An empty free-text field is left out of the address.
(function () {
  "use strict";
  document.querySelectorAll("form[data-figure-selectors]").forEach(function (form) {
    var text = form.querySelector("[data-period-text]");
    var select = form.querySelector("[data-period-select]");
    function send() {
      if (text && !text.value.trim()) { text.disabled = true; }
      form.submit();
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
    if (select) {
      select.addEventListener("change", function () {
        if (text) { text.value = ""; }
        send();
      });
    }
    form.querySelectorAll("[data-submit-on-change]").forEach(function (element) {
      element.addEventListener("change", function () {
        // A town belongs to one county: another division starts from all its towns.
        var town = form.querySelector("[data-town-select]");
        if (town && element !== town) { town.value = ""; }
        send();
      });
    });
  });
})();
