// The navigation's search box: htmx fills the dropdown under it as one types; the dropdown
// shows while it has something to show and closes on Escape or a click elsewhere. Enter
// opens the full search page.
(function () {
  "use strict";
  var form = document.querySelector("form.navbar-search");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var results = form.querySelector(".navbar-search-results");
  function toggle() {
    var filled = results.textContent.trim() !== "" && input.value.trim() !== "";
    results.classList.toggle("show", filled);
  }
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target === results) { toggle(); }
  });
  input.addEventListener("input", function () {
    if (!input.value.trim()) { results.innerHTML = ""; toggle(); }
  });
  input.addEventListener("focus", toggle);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { results.classList.remove("show"); }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) { results.classList.remove("show"); }
  });
})();
