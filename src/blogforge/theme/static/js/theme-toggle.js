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
  /* The browser's bar over the page (base.html's theme-color, one per system scheme) in the
     chosen scheme's background: a reader who chose dark on a light phone had a light bar over
     the dark page. Without a choice the system's scheme and its theme-color agree. */
  function paintBar() {
    var background = root.dataset.theme && getComputedStyle(root).getPropertyValue("--bg").trim();
    if (!background) return;
    Array.prototype.forEach.call(document.querySelectorAll('meta[name="theme-color"]'), function (meta) {
      meta.content = background;
    });
  }
  function show() {
    button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
    paintBar();
  }
  button.hidden = false;
  show();
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.dataset.theme = next;  /* (pictures drawn for each scheme follow: base.html's head script) */
    try { localStorage.setItem("bf-theme", next); } catch (e) { /* private mode */ }
    show();
  });
})();
