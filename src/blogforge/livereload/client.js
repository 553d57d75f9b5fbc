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
    base: me.dataset.base || "/", // the site's path: "/repo/"
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

  // --- pictures, videos and icons fetched anew in place ----------------------------------------
  // The output file a URL of this page names ("img/a.png"), or null (another site's).
  function fileOf(url) {
    var parsed;
    try { parsed = new URL(url, location.href); } catch (e) { return null; }
    if (parsed.origin !== location.origin || parsed.pathname.indexOf(page.base) !== 0) return null;
    var rel;
    try { rel = decodeURIComponent(parsed.pathname.slice(page.base.length)); } catch (e) { return null; }
    return rel === "" || /\/$/.test(rel) ? rel + "index.html" : rel;
  }
  function fresh(url) {
    var parsed = new URL(url, location.href);
    parsed.searchParams.set("blogforge-reload", Date.now());
    return parsed.href;
  }
  // each URL in a srcset ("a.png 1x, b.png 2x") that names a changed file, made fresh
  function freshSet(srcset, files) {
    return srcset.split(",").map(function (candidate) {
      var parts = candidate.trim().split(/\s+/);
      if (parts[0] && files.indexOf(fileOf(parts[0])) >= 0) parts[0] = fresh(parts[0]);
      return parts.join(" ");
    }).join(", ");
  }
  // Swaps every element naming one of `files` that can take a new URL in place; false when
  // one names it that cannot (an embed, an iframe, a script): the page reloads then.
  function swapMedia(files) {
    var swapped = true;
    var named = document.querySelectorAll("[src], [srcset], [poster], [href], [data]");
    Array.prototype.forEach.call(named, function (element) {
      var tag = element.tagName.toLowerCase();
      if (tag === "a" || tag === "area" || tag === "base") return; // a link shows nothing
      var isIcon = tag === "link" && /(^|\s)icon(\s|$)/i.test(element.rel);
      if (tag === "link" && !isIcon) return; // style sheets: swapStyles
      ["src", "href", "poster", "data"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (!value || files.indexOf(fileOf(value)) < 0) return;
        if (/^(img|source|video|audio|track|link)$/.test(tag) && attribute !== "data") {
          element.setAttribute(attribute, fresh(value));
          if (tag === "source" && element.parentNode && element.parentNode.load) {
            element.parentNode.load(); // (a video takes a new source only when told)
          }
        } else {
          swapped = false;
        }
      });
      var srcset = element.getAttribute("srcset");
      if (srcset && /^(img|source)$/.test(tag)) {
        var renewed = freshSet(srcset, files);
        if (renewed !== srcset) element.setAttribute("srcset", renewed);
      }
    });
    return swapped;
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
    // (in the body: after it, as a child of <html>, no page is valid, and the Nu checker said
    // so of every page a failed build was shown over)
    if (!overlay.isConnected) (document.body || document.documentElement).appendChild(overlay);
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
    // a script may be loaded later by another (search.js, diagrams.js): any reloads the page
    var scripts = changed.some(function (f) { return /\.m?js$/.test(f); });
    var others = changed.filter(function (f) {
      return !/\.(html|css|m?js)$/.test(f) && !passive(f);
    });
    if (mine || scripts || !swapMedia(others)) return reload();
    // (a picture or font no element names may be a style sheet's: fetched with it)
    if (changed.some(function (f) { return /\.css$/.test(f); }) || others.length) swapStyles();
    if (changed.some(isIndex)) window.dispatchEvent(new Event("blogforge:search-index"));
    page.version = update.version;
  }

  // --- one event stream for every tab of the preview ----------------------------------------
  // A browser opens six connections per host (HTTP/1.1), and a stream holds one for as long as
  // its tab is open: with six tabs shown no page could load. So one shown tab (the holder of a
  // Web Lock) keeps the stream and passes each update on to the others (BroadcastChannel);
  // a tab that shows another version than the holder's asks for its own update, in a short
  // request. Where there are no locks (a phone opening the LAN address: not a secure context),
  // each tab has its own stream.
  var LOCK = "blogforge-events";
  var shared = !!(navigator.locks && window.BroadcastChannel && window.AbortController);
  var channel = shared ? new BroadcastChannel(LOCK) : null;
  var waiting = null; // the lock asked for: aborted when the tab is hidden before its turn
  var release = null; // gives the lock back (this tab holds the stream)
  function query() {
    return "?v=" + page.version + "&i=" + encodeURIComponent(page.instance);
  }
  function openStream() {
    stream = new EventSource("/__blogforge/events" + query());
    stream.onmessage = function (event) {
      var update = JSON.parse(event.data);
      if (channel) channel.postMessage({ version: page.version, instance: page.instance,
                                         update: update });
      onUpdate(update);
    };
  }
  function catchUp() { // what changed since the version this tab shows
    fetch("/__blogforge/update" + query(), { cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (update) { if (update && !release) onUpdate(update); })
      .catch(function () { /* the preview is restarting: the next update tells */ });
  }
  if (channel) {
    channel.onmessage = function (event) {
      var told = event.data;
      if (document.hidden || release) return; // (caught up when shown again)
      if (told.version === page.version && told.instance === page.instance) {
        onUpdate(told.update); // (the same change for a page of the same version)
      } else {
        catchUp();
      }
    };
  }
  function hold() { // the lock is this tab's until it is hidden or closed
    waiting = null;
    if (document.hidden) return; // (given back at once)
    openStream();
    return new Promise(function (resolve) { release = resolve; });
  }
  function connect() {
    if (!shared) {
      if (!stream) openStream();
      return;
    }
    if (waiting || release) return;
    var asked = waiting = new AbortController();
    navigator.locks.request(LOCK, { ifAvailable: true }, function (lock) {
      if (asked.signal.aborted) return; // (hidden meanwhile)
      if (lock) return hold();
      catchUp(); // (another tab holds the stream: it tells of the next build only)
      return navigator.locks.request(LOCK, { signal: asked.signal }, hold)
        .catch(function () { /* hidden before its turn */ });
    });
  }
  function disconnect() {
    if (waiting) waiting.abort();
    waiting = null;
    if (stream) stream.close();
    stream = null;
    if (release) release();
    release = null;
  }
  // A hidden tab lets its connection (or the lock, and the stream with it) go and, when shown
  // again, asks what changed since the version it shows.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  if (!document.hidden) connect();
})();
