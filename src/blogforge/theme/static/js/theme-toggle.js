/* The light/dark toggle. Without JavaScript the page follows the system setting and the
   button stays hidden; with it, a choice is remembered in localStorage. */
(function () {
  var root = document.documentElement;
  var button = document.querySelector(".theme-toggle");
  if (!button) return;
  function current() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function show() { button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false"); }
  button.hidden = false;
  show();
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    try { localStorage.setItem("bf-theme", next); } catch (e) { /* private mode */ }
    show();
  });
})();
