/* Diagrams: a ```mermaid fence is in the page as its source, in a box (.diagram, written by
   markdown/diagrams.py). This script loads Mermaid (published with the site: data-mermaid on
   its <script> names the module) when the first diagram comes near the screen, draws each one
   as it comes near, above its source, and folds the source into a <details> that keeps it for
   screen readers and copying. Without JavaScript, or when Mermaid cannot be loaded or cannot
   read a diagram, the source stays as it is. Diagrams are drawn in the page's light or dark
   colours and its fonts (CJK labels included), and drawn again when the reader switches. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  var script = doc.currentScript;
  var moduleUrl = script && script.getAttribute("data-mermaid");
  var boxes = Array.prototype.slice.call(doc.querySelectorAll(".diagram[data-diagram='mermaid']"));
  if (!moduleUrl || !boxes.length || !window.Promise) return;

  function dark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen === "dark";
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  var loaded = null;
  function mermaid() { /* one request, whatever the number of diagrams */
    if (!loaded) loaded = import(new URL(moduleUrl, doc.baseURI).href).then(function (m) { return m.default; });
    return loaded;
  }

  /* Mermaid's settings are global: one diagram is drawn at a time, each with the settings of
     the moment. `strict`: no script in a label, no click handlers (Mermaid's default, which a
     diagram's own %%{init}%% cannot change). `dagre`: Mermaid 12's default layout (elk) loads
     1.6 MB more for a flowchart; a diagram may still ask for elk in its %%{init}%%. */
  var queue = Promise.resolve(), count = 0;
  function draw(box) {
    var code = box.querySelector("pre code");
    if (!code) return queue;
    var source = code.textContent, font = window.getComputedStyle(box).fontFamily, theme;
    queue = queue.then(mermaid).then(function (m) {
      theme = dark() ? "dark" : "default"; /* (as it is now: the reader may have switched) */
      m.initialize({ startOnLoad: false, securityLevel: "strict", theme: theme, layout: "dagre",
        fontFamily: font, themeVariables: { fontFamily: font }, suppressErrorRendering: true });
      count += 1;
      return m.render("bf-diagram-" + count, source);
    }).then(function (made) {
      show(box, made.svg, theme);
    }, function (error) { /* the source stays shown: nothing is lost */
      box.setAttribute("data-drawn", "failed");
      if (window.console) console.warn("diagram not drawn:", error && error.message || error);
    });
    return queue;
  }

  function show(box, svg, theme) {
    var drawn = box.querySelector(".diagram-drawn");
    if (!drawn) {
      drawn = doc.createElement("div");
      drawn.className = "diagram-drawn";
      box.insertBefore(drawn, box.firstChild);
      fold(box);
    }
    drawn.innerHTML = svg;
    var picture = drawn.querySelector("svg");
    if (picture) {
      /* one picture for screen readers, named by the diagram's accTitle when it has one */
      picture.setAttribute("role", "img");
      picture.removeAttribute("aria-roledescription"); /* ("flowchart-v2") */
      if (!picture.hasAttribute("aria-labelledby")) picture.setAttribute("aria-label", box.getAttribute("data-label"));
      /* drawn in the page's colours: no light backdrop behind it in dark mode (blogforge.css) */
      Array.prototype.forEach.call(drawn.querySelectorAll("svg"), function (s) { s.classList.add("no-backdrop"); });
    }
    box.setAttribute("data-drawn", theme);
    fit(box);
  }

  /* the source, folded under the diagram */
  function fold(box) {
    var block = box.querySelector(".code-block");
    if (!block) return;
    var details = doc.createElement("details"), summary = doc.createElement("summary");
    details.className = "diagram-source";
    summary.textContent = box.getAttribute("data-source-label");
    details.appendChild(summary);
    box.insertBefore(details, block);
    details.appendChild(block);
  }

  /* Mermaid shrinks a diagram to fit the column (its SVG's max-width is its own width). One
     that would be drawn below 70% of its size, its labels too small to read on a phone, is
     drawn at 75% and scrolls sideways in its box; it is then reached with Tab, and says what
     it is (as wide code does). */
  function fit(box) {
    var drawn = box.querySelector(".diagram-drawn"), picture = drawn && drawn.querySelector("svg");
    if (!picture) return;
    var natural = parseFloat(picture.style.maxWidth) || 0;
    picture.style.minWidth = natural * 0.7 > drawn.clientWidth ? Math.round(natural * 0.75) + "px" : "";
    if (drawn.scrollWidth > drawn.clientWidth + 1) {
      drawn.setAttribute("tabindex", "0");
      drawn.setAttribute("role", "group");
      drawn.setAttribute("aria-label", box.getAttribute("data-wide"));
    } else {
      drawn.removeAttribute("tabindex");
      drawn.removeAttribute("role");
      drawn.removeAttribute("aria-label");
    }
  }
  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { boxes.forEach(fit); }, 200);
  });

  /* The reader switched light and dark (the toggle, or the system): drawn again. */
  function follow() {
    var theme = dark() ? "dark" : "default";
    boxes.forEach(function (box) {
      var drawnIn = box.getAttribute("data-drawn");
      if (drawnIn && drawnIn !== "failed" && drawnIn !== theme) draw(box);
    });
  }
  new MutationObserver(follow).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
  if (window.matchMedia) {
    var scheme = window.matchMedia("(prefers-color-scheme: dark)");
    if (scheme.addEventListener) scheme.addEventListener("change", follow);
  }

  if ("IntersectionObserver" in window) {
    var watcher = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { watcher.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "600px 0px" });
    boxes.forEach(function (box) { watcher.observe(box); });
  } else {
    boxes.forEach(draw);
  }
})();
