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
  /* A picture drawn for each scheme, `<picture>` with a `<source media="(prefers-color-scheme:
     dark)">` (or light): the browser picks its source by the system's scheme alone, and a
     reader who chose dark on a light system saw the light picture on the dark page. A source
     whose query is the scheme alone is given one that holds when the chosen scheme is its own
     (on screens: paper is light, as the page is) and never else, its own kept to be read at
     the next press. A longer query (the scheme and a width) is left to the browser. */
  var SCHEME_ALONE = /^\s*\(\s*prefers-color-scheme\s*:\s*(light|dark)\s*\)\s*$/i;
  /* (by the scheme chosen, then by the source's) */
  var CHOSEN_MEDIA = { dark: { dark: "screen", light: "print" }, light: { dark: "not all", light: "all" } };
  function paintPictures() {
    Array.prototype.forEach.call(document.querySelectorAll("picture > source[media]"), function (source) {
      var written = source.getAttribute("data-scheme-media") || source.media;
      var scheme = SCHEME_ALONE.exec(written);
      if (!scheme) return;
      source.setAttribute("data-scheme-media", written);
      var chosen = CHOSEN_MEDIA[root.dataset.theme];
      source.media = chosen ? chosen[scheme[1].toLowerCase()] : written;
    });
  }
  function show() {
    button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
    paintBar();
    paintPictures();
  }
  button.hidden = false;
  show();
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.dataset.theme = next;
    try { localStorage.setItem("bf-theme", next); } catch (e) { /* private mode */ }
    show();
  });
})();
