// blogforge preview: added to pages by `blogforge serve` only, never written into the site.
// Listens to the preview's event stream and, after each build: swaps style sheets when only CSS
// changed, reloads (keeping the scroll position) when this page or something it may use changed,
// and shows every build error over the last good page until the next good build.
(function () {
  "use strict";
  var me = document.currentScript;
  var page = {
    version: Number(me.dataset.version),
    instance: me.dataset.instance,
    file: me.dataset.file, // "" on a 404 page: any new page may be the one asked for
  };
  var scrollKey = "blogforge-scroll:" + location.pathname + location.search;
  var stream = null;
  var restoring = null; // a saved position not yet applied for good (before "load")

  // --- scroll position, kept across our own reloads ----------------------------------------
  try {
    var saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null");
    sessionStorage.removeItem(scrollKey);
    if (saved) {
      restoring = saved;
      var restore = function () { window.scrollTo(saved[0], saved[1]); };
      restore();
      window.addEventListener("load", function () { // again once images have their size
        restore();
        restoring = null;
      });
    }
  } catch (e) { /* storage unavailable: a plain reload */ }

  function reload() {
    try {
      // reloaded again before the last reload's position was applied: keep that one
      sessionStorage.setItem(scrollKey, JSON.stringify(restoring ||
                                                       [window.scrollX, window.scrollY]));
    } catch (e) { /* ignore */ }
    if (stream) stream.close();
    location.reload();
  }

  // --- style sheets swapped in place --------------------------------------------------------
  function swapStyles() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return; // a CDN's sheet did not change
      url.searchParams.set("blogforge-reload", Date.now());
      var fresh = link.cloneNode();
      fresh.href = url.href;
      // keep the old sheet until the new one is in, so the page never flashes unstyled
      fresh.onload = fresh.onerror = function () { link.remove(); };
      link.after(fresh);
    });
  }

  // --- the error overlay ----------------------------------------------------------------------
  var overlay = null;
  function showErrors(errors) {
    if (!errors.length) {
      if (overlay) overlay.remove();
      overlay = null;
      return;
    }
    if (!overlay) {
      overlay = document.createElement("blogforge-errors");
      overlay.attachShadow({ mode: "open" });
    }
    var root = overlay.shadowRoot;
    root.innerHTML =
      "<style>" +
      ":host{all:initial;position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:70vh;" +
      "overflow:auto;background:#2b0b0b;color:#fde8e8;font:14px/1.5 ui-monospace,monospace;" +
      "box-shadow:0 4px 24px #0008;border-bottom:4px solid #e5484d}" +
      "section{padding:14px 18px}h2{font:600 15px/1.4 system-ui,sans-serif;margin:0 0 8px}" +
      "ol{margin:0;padding-left:1.4em}li{margin:4px 0;white-space:pre-wrap;overflow-wrap:anywhere}" +
      "button{float:right;font:inherit;background:#fde8e8;color:#2b0b0b;border:0;" +
      "border-radius:4px;padding:2px 10px;cursor:pointer}" +
      "</style><section role=\"alert\"><button type=\"button\">hide</button><h2></h2><ol></ol></section>";
    root.querySelector("h2").textContent =
      "Build failed: showing the last good version. Fix the file and save; this goes away.";
    var list = root.querySelector("ol");
    errors.forEach(function (error) {
      var item = document.createElement("li");
      item.textContent = error;
      list.appendChild(item);
    });
    root.querySelector("button").onclick = function () { overlay.remove(); };
    if (!overlay.isConnected) document.documentElement.appendChild(overlay);
  }

  // --- what a build means for this page -------------------------------------------------------
  // feeds, sitemaps: no page uses them; the search index is read when a search starts (a new
  // index does not change what the page shows, but a search box that was used drops what it
  // fetched of the old one when told: search.js)
  function isIndex(file) { return /^search-index\//.test(file); }
  function passive(file) { return /\.(xml|txt)$/.test(file) || isIndex(file); }
  function onUpdate(update) {
    if (update.instance !== page.instance || update.changed === null) return reload();
    showErrors(update.errors);
    if (update.errors.length) return; // the last good pages are still the ones served
    var changed = update.changed;
    var mine = page.file === ""
      ? changed.some(function (f) { return /\.html$/.test(f); })
      : changed.indexOf(page.file) >= 0;
    var used = changed.some(function (f) { return !/\.(html|css)$/.test(f) && !passive(f); });
    if (mine || used) return reload();
    if (changed.some(function (f) { return /\.css$/.test(f); })) swapStyles();
    if (changed.some(isIndex)) window.dispatchEvent(new Event("blogforge:search-index"));
    page.version = update.version;
  }

  function connect() {
    if (stream) return;
    stream = new EventSource("/__blogforge/events?v=" + page.version +
                             "&i=" + encodeURIComponent(page.instance));
    stream.onmessage = function (event) { onUpdate(JSON.parse(event.data)); };
  }
  function disconnect() {
    if (stream) stream.close();
    stream = null;
  }
  // A hidden tab lets its connection go (browsers allow only a few per host) and, when shown
  // again, asks what changed since the version it shows.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  if (!document.hidden) connect();
})();
