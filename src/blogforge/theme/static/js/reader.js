/* Reading aids, all optional: without this script every page still reads in full (code blocks
   stacked and unfolded, contents and series boxes one click away, figures open as files).
   With it: contents and series opened on wide screens with the current section marked, code
   copy / fold / tabs, figure zoom, back-to-top, reading progress and lazily loaded comments. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  function all(selector, scope) { return Array.prototype.slice.call((scope || doc).querySelectorAll(selector)); }

  /* A polite live region, so "copied" is heard as well as seen. */
  var live = doc.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  doc.body.appendChild(live);
  function announce(text) { live.textContent = ""; setTimeout(function () { live.textContent = text; }, 50); }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) { /* http:// and file:// pages */
      var area = doc.createElement("textarea");
      area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
      doc.body.appendChild(area); area.select();
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  /* (Contents and series boxes are opened on wide screens by partials/toc.html's script.) */

  /* The section being read, marked in the contents. */
  var tocLinks = all(".toc a[href^='#']");
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {}, headings = [];
    tocLinks.forEach(function (a) {
      var target = doc.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (target) { byId[target.id] = a; headings.push(target); }
    });
    /* A section reached from the contents (or a link) stays marked while its heading is near
       the top: a short one has the next heading within the 30% line as well. */
    var chosen = null;
    var mark = function () {
      var line = window.innerHeight * 0.3, current = null;
      if (chosen) {
        var top = chosen.getBoundingClientRect().top;
        if (top > -2 && top < line) current = chosen; else chosen = null;
      }
      for (var i = 0; !chosen && i < headings.length; i++) {
        if (headings[i].getBoundingClientRect().top < line) current = headings[i];
      }
      tocLinks.forEach(function (a) { a.removeAttribute("aria-current"); });
      if (current) byId[current.id].setAttribute("aria-current", "location");
    };
    window.addEventListener("hashchange", function () {
      var target = doc.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && byId[target.id]) { chosen = target; mark(); }
    });
    var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -60% 0px" });
    headings.forEach(function (h) { observer.observe(h); });
    window.addEventListener("scroll", function () { window.requestAnimationFrame(mark); }, { passive: true });
  }

  /* Code, formulas and tables wider than the screen scroll sideways: keyboard users reach them
     with Tab (only those that overflow, so short blocks add no tab stops). A display formula
     has no box to show where it is cut, nor a table where its cut column ends: the side with
     more of it fades (reader.css). */
  function scrollables() {
    /* (every size read before anything is written: a write between reads makes the browser
       lay the page out again for each block, a long task on a phone) */
    var blocks = all(".content pre, .content .math-display, .content table, .content .math-inline-wide");
    var wide = blocks.map(function (el) { return el.scrollWidth > el.clientWidth + 1; });
    var fading = all(".content .math-display, .content table");
    var sides = fading.map(moreOf);
    /* an inline formula that cannot break (\left…\right) and is wider than its paragraph made
       the whole page scroll sideways on a phone: it scrolls in its own box instead */
    var inline = all(".content .katex").filter(function (el) { return !el.closest(".katex-display"); });
    var room = inline.map(function (el) { var block = el.closest("p, li, blockquote, dd, h2, h3, h4, h5, h6"); return block ? block.clientWidth : 0; });
    var widths = inline.map(function (el) { return el.getBoundingClientRect().width; });
    blocks.forEach(function (el, i) {
      if (wide[i]) {
        if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "0"); named(el); }
      } else if (el.getAttribute("tabindex") === "0") {
        el.removeAttribute("tabindex");
        if (el.hasAttribute("data-named")) { el.removeAttribute("role"); el.removeAttribute("aria-label"); el.removeAttribute("data-named"); }
      }
    });
    inline.forEach(function (el, i) {
      if (room[i] && widths[i] > room[i] + 1 && !el.classList.contains("math-inline-wide")) {
        el.classList.add("math-inline-wide");
        el.setAttribute("tabindex", "0");
        named(el);
      }
    });
    fading.forEach(function (el, i) {
      if (!el.hasAttribute("data-more")) el.addEventListener("scroll", function () { el.setAttribute("data-more", moreOf(el)); }, { passive: true });
      if (el.getAttribute("data-more") !== sides[i]) el.setAttribute("data-more", sides[i]);
    });
  }
  /* A tab stop says what it is: a screen reader landed on a wide formula as on nothing (no
     role, no name) and on a wide code block as on its whole text. A table is one already. */
  function named(el) {
    if (el.tagName === "TABLE") return;
    var words = el.closest("[data-wide-code]");
    if (!words) return;
    el.setAttribute("role", "group");
    el.setAttribute("aria-label", words.getAttribute(el.tagName === "PRE" ? "data-wide-code" : "data-wide-formula"));
    el.setAttribute("data-named", "");
  }
  function moreOf(el) {
    var x = el.scrollLeft, end = el.scrollWidth - el.clientWidth;
    return (x > 1 ? "start" : "") + (x > 1 && x < end - 1 ? " " : "") + (x < end - 1 ? "end" : "");
  }
  scrollables();
  /* (measured again once KaTeX's fonts are in: a formula drawn first in a fallback font is
     narrower, and one that fits then may not fit after) */
  if (document.fonts) document.fonts.ready.then(scrollables);
  var resizing;
  window.addEventListener("resize", function () { clearTimeout(resizing); resizing = setTimeout(scrollables, 200); });

  /* Heading links: a click also copies the section's address. */
  all(".heading-anchor").forEach(function (a) {
    a.addEventListener("click", function () { copyText(a.href).then(function () { announce(a.getAttribute("data-copied")); }, function () {}); });
  });

  /* Copying formulas: KaTeX draws a formula twice, as hidden MathML for screen readers and as
     boxes for the eye, and a copy had both ("β\nβ-VAE 把 \nD\nK\nL…", a symbol a line). A
     selection that holds a formula, or part of one, copies the whole formula as the TeX it was
     written in, between its delimiters ($\beta$; a display's $$ on lines of their own), as
     text and as clean HTML (the TeX too: what a Markdown editor takes, and any editor keeps;
     MathML was dropped by most). Text without formulas is left to the browser. */
  if (doc.querySelector(".katex") && window.getSelection) {
    doc.addEventListener("copy", function (event) {
      var selection = window.getSelection();
      if (!event.clipboardData || !selection || selection.isCollapsed || !selection.rangeCount) return;
      if (event.target.closest && event.target.closest("input, textarea, [contenteditable]")) return;
      var ranges = [];
      for (var i = 0; i < selection.rangeCount; i++) ranges.push(selection.getRangeAt(i));
      if (!ranges.some(holdsFormula)) return;
      var holder = doc.createElement("div");
      ranges.forEach(function (selected) {
        var range = selected.cloneRange(), first = formulaAt(range.startContainer), last = formulaAt(range.endContainer);
        if (first) range.setStartBefore(first);
        if (last) range.setEndAfter(last);
        holder.appendChild(range.cloneContents());
      });
      asTeX(holder);
      cleaned(holder);
      var html = holder.innerHTML;
      /* the text as the browser would give it, its lines where blocks end: read from the copy
         laid out out of sight (innerText is the text of what is drawn) */
      holder.setAttribute("aria-hidden", "true");
      holder.style.cssText = "position:fixed;top:0;left:-200vw;width:40em;white-space:normal";
      doc.body.appendChild(holder);
      var text = holder.innerText;
      holder.remove();
      event.clipboardData.setData("text/plain", text);
      event.clipboardData.setData("text/html", html);
      event.preventDefault();
    });
  }
  /* The formula a selection's end is in, whole: a display's box, or an inline formula. */
  function formulaAt(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    var formula = element && element.closest(".katex");
    return formula && (formula.closest(".math-display") || formula.closest(".katex-display") || formula);
  }
  function holdsFormula(range) {
    if (formulaAt(range.startContainer) || formulaAt(range.endContainer)) return true;
    var scope = range.commonAncestorContainer;
    return scope.nodeType === 1 && all(".katex", scope).some(function (f) { return range.intersectsNode(f); });
  }
  function texOf(formula) {
    var note = formula.querySelector("annotation[encoding='application/x-tex']");
    return note ? note.textContent.trim() : null;
  }
  function asTeX(scope) {
    all(".math-display, .katex-display", scope).forEach(function (display) {
      var tex = scope.contains(display) ? texOf(display) : null;  /* (one inside one done) */
      if (tex === null) return;
      var block = doc.createElement(display.tagName === "DIV" ? "div" : "span");
      var lines = ["$$"].concat(tex.split("\n"), ["$$"]);
      if (block.tagName === "SPAN") lines = [""].concat(lines, [""]);  /* (in a paragraph) */
      lines.forEach(function (line, i) {
        if (i) block.appendChild(doc.createElement("br"));
        if (line) block.appendChild(doc.createTextNode(line));
      });
      display.replaceWith(block);
    });
    all(".katex", scope).forEach(function (formula) {
      var tex = texOf(formula);
      if (tex !== null) formula.replaceWith(doc.createTextNode("$" + tex.replace(/\s*\n\s*/g, " ") + "$"));
    });
  }
  /* What the browser leaves out of a copy (user-select: none) left out; no classes, styles or
     ids of this page; links and images where they lead from anywhere. */
  var KEPT = { href: 1, src: 1, alt: 1, title: 1, lang: 1, dir: 1, colspan: 1, rowspan: 1, start: 1 };
  function cleaned(scope) {
    all(".code-label, .code-copy, .code-unfold, .code-tablist, .linenos, .heading-anchor, button, script, style", scope)
      .forEach(function (n) { n.remove(); });
    all("*", scope).forEach(function (el) {
      if (typeof el.href === "string" && el.hasAttribute("href")) el.setAttribute("href", el.href);
      if (typeof el.src === "string" && el.hasAttribute("src")) el.setAttribute("src", el.src);
      Array.prototype.slice.call(el.attributes).forEach(function (a) { if (!KEPT[a.name]) el.removeAttribute(a.name); });
    });
    all("span", scope).forEach(function (span) {  /* (a highlighter's: nothing once bare) */
      if (!span.attributes.length) span.replaceWith.apply(span, Array.prototype.slice.call(span.childNodes));
    });
  }

  /* Code: what a copy button copies. A block as shown, without its line numbers; but a
     terminal or REPL session, whose prompts the highlighter marks (Pygments' Generic.Prompt,
     class "gp"), copies its commands alone, ready to paste into a terminal: the lines that
     start at a prompt, without it, and those a trailing backslash continues a command onto
     (the shell's rule, and Pygments'). Output, marked or not (a traceback), is left out. */
  function codeToCopy(code) {
    return withoutBlankEnds(commandsOrCode(code));
  }
  /* (a fence that starts or ends with blank lines copied them: "\n\nx = 1\n\n\n"; the
     blank lines inside and every line's indentation are kept) */
  function withoutBlankEnds(text) {
    return text.replace(/^(?:[ \t]*\n)+/, "").replace(/(?:\n[ \t]*)+$/, "\n");
  }
  function commandsOrCode(code) {
    if (!code.querySelector(".gp")) {
      var copy = code.cloneNode(true);
      all(".linenos", copy).forEach(function (n) { n.remove(); });
      return copy.textContent;
    }
    var lines = [{ text: "", prompted: false }];
    var walker = doc.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".linenos")) continue;
      var prompt = node.parentElement.closest(".gp");
      node.data.split("\n").forEach(function (part, i) {
        if (i > 0) lines.push({ text: "", prompted: false });
        var line = lines[lines.length - 1];
        if (prompt) { line.prompted = true; } else { line.text += part; }
      });
    }
    /* A command's next lines go with it: after a trailing backslash, and after the shell's
       "> " prompt while a here-document or a quote it opened is still open (Pygments shows
       those "> " lines as output). */
    var commands = "", continued = false, open = null;
    lines.forEach(function (line) {
      var text = line.text;
      var more = !line.prompted && open !== null && text.slice(0, 2) === "> ";
      if (more) text = text.slice(2);
      var kept = line.prompted || continued || more;
      if (kept) commands += text + "\n";
      continued = kept && text.slice(-1) === "\\";
      open = kept ? stillOpen(text, more ? open : null) : null;
    });
    return commands;
  }

  /* What a command line leaves open for its next "> " lines: a here-document's closing
     word, or a quote (" or '); null when nothing. `open`: what the lines before left open. */
  function stillOpen(text, open) {
    if (open === '"' || open === "'") return count(text, open) % 2 ? null : open;
    if (open !== null) return text.trim() === open ? null : open;
    var heredoc = /<<-?\s*(['"]?)([\w.-]+)\1/.exec(text);
    if (heredoc) return heredoc[2];
    if (count(text, '"') % 2) return '"';
    return count(text, "'") % 2 ? "'" : null;
  }

  function count(text, quote) {
    return text.split(quote).length - 1;
  }

  /* Code: copy buttons. */
  all(".code-copy").forEach(function (button) {
    var label = button.textContent, aria = button.getAttribute("aria-label"), timer;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(codeToCopy(button.closest(".code-block").querySelector("pre code, pre"))).then(function () {
        var done = button.getAttribute("data-copied");
        button.textContent = done; button.setAttribute("aria-label", done);
        button.classList.add("is-copied"); announce(done);
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = label; button.setAttribute("aria-label", aria);
          button.classList.remove("is-copied");
        }, 2000);
      }, function () {});
    });
  });

  /* Code: long blocks folded, with a button to unfold. */
  all(".code-foldable").forEach(function (block) {
    var button = block.querySelector(".code-unfold");
    if (!button) return;
    var more = button.textContent, less = button.getAttribute("data-fold");
    block.classList.add("is-folded");
    button.hidden = false;
    button.addEventListener("click", function () {
      var folded = block.classList.toggle("is-folded");
      button.textContent = folded ? more : less;
      button.setAttribute("aria-expanded", folded ? "false" : "true");
      scrollables();
    });
  });

  /* Code: a group of fences shown as tabs; the reader's language is remembered. The build
     writes the tab list and the stylesheet draws it from the first paint (see
     markdown/code_tabs.py), a saved tab chosen (base.html's head script): here the tabs are
     tied to their fences and made to work, the same tab chosen. */
  var saved = null;
  try { saved = localStorage.getItem("bf-code-tab"); } catch (e) { /* private mode */ }
  var groups = [];
  all(".code-tabs").forEach(function (group, g) {
    var list = group.querySelector(":scope > .code-tablist");
    if (!list) return;  /* (a page written by an older build: its fences stay stacked) */
    var blocks = all(":scope > .code-block", group), tabs = all(".code-tab", list);
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", group.getAttribute("data-label") || "");
    tabs.forEach(function (tab, i) {
      var block = blocks[i];
      tab.id = "code-tab-" + g + "-" + i;
      block.id = block.id || "code-panel-" + g + "-" + i;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", block.id);
      block.setAttribute("role", "tabpanel");
      block.setAttribute("aria-labelledby", tab.id);
    });
    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        var on = i === index;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        /* hidden by the stylesheet, on screens: with the `hidden` attribute, reader modes and
           a page saved as one file (MHTML) left the other languages' code out altogether */
        blocks[i].classList.toggle("is-unselected", !on);
      });
      if (focus) tabs[index].focus();
      scrollables();
    }
    /* A reader's choice, by click or by keys: remembered, and shown in every group that has it.
       The groups above switch too, and their code is longer or shorter in the new language:
       the page is scrolled by as much, so the tab stays under the finger (it jumped 119 px on
       a phone, the reader's place lost). */
    function choose(index, focus) {
      var name = tabs[index].textContent, before = tabs[index].getBoundingClientRect().top;
      try { localStorage.setItem("bf-code-tab", name); } catch (e) { /* private mode */ }
      groups.forEach(function (other) { other.show(name); });
      select(index);
      var moved = tabs[index].getBoundingClientRect().top - before;
      if (moved) window.scrollBy(0, moved);
      if (focus) tabs[index].focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { choose(i); });
      tab.addEventListener("keydown", function (event) {
        var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (event.key === "Home" || event.key === "End") {
          choose(event.key === "Home" ? 0 : tabs.length - 1, true);
        } else if (step) {
          choose((i + step + tabs.length) % tabs.length, true);
        } else {
          return;
        }
        event.preventDefault();
      });
    });
    list.hidden = false;
    group.classList.add("is-tabbed");
    var entry = {
      show: function (name) {
        for (var i = 0; i < tabs.length; i++) { if (tabs[i].textContent === name) { select(i); return true; } }
        return false;
      }
    };
    groups.push(entry);
    if (!(saved && entry.show(saved))) select(0);
  });

  /* Figures: a click shows the image large over the page, its caption under it (the one in the
     post is under the dialog); Escape or a click closes it. A picture written as HTML in the
     post (<picture>, most often one drawn for each scheme) opens as a Markdown figure does: it
     is put in the same link here, to the picture shown (that of the scheme the reader chose:
     base.html's head script, and again once they choose again), its <figure>'s caption going
     with it, and the link is named by that caption when the picture has no alt text (as a
     figure's may not). One in a link already is left to go where its writer said. */
  all(".content picture").forEach(function (picture) {
    var img = picture.querySelector("img"), words = picture.closest("[data-figure-close]");
    if (!img || !words || picture.closest("a, button")) return;
    var link = doc.createElement("a");
    var caption = picture.parentNode.tagName === "FIGURE" && picture.parentNode.querySelector("figcaption");
    link.className = "figure-zoom";
    /* (the picture shown, again each time one is drawn: it may still be coming now, and a
       picture drawn for each scheme is picked again when the reader toggles the scheme) */
    var shown = function () { link.href = img.currentSrc || img.src; };
    shown();
    img.addEventListener("load", shown);
    link.setAttribute("data-close", words.getAttribute("data-figure-close"));
    if (!img.alt.trim() && caption) link.setAttribute("aria-label", caption.textContent.trim());
    picture.parentNode.insertBefore(link, picture);
    link.appendChild(picture);
  });
  var figures = all(".figure-zoom");
  if (figures.length && window.HTMLDialogElement) {
    var dialog = doc.createElement("dialog");
    dialog.className = "zoom";
    var close = doc.createElement("button");
    close.type = "button";
    close.className = "zoom-close";
    close.textContent = "×";
    close.setAttribute("aria-label", figures[0].getAttribute("data-close") || "Close");
    var big = doc.createElement("img");
    /* the picture's box: on a phone, where the picture is shown at its own size, one wider than
       the screen is panned in it (reader.css), with the keys too, its cut side faded */
    var pane = doc.createElement("div");
    pane.className = "zoom-picture";
    pane.appendChild(big);
    var caption = doc.createElement("p");
    caption.className = "zoom-caption";
    dialog.appendChild(close);
    doc.body.appendChild(dialog);
    dialog.addEventListener("click", function () { dialog.close(); });
    pane.addEventListener("scroll", function () { pane.setAttribute("data-more", moreOf(pane)); }, { passive: true });
    var fit = function () {
      if (!dialog.open) return;
      if (pane.scrollWidth > pane.clientWidth + 1) { pane.setAttribute("tabindex", "0"); } else { pane.removeAttribute("tabindex"); }
      pane.setAttribute("data-more", moreOf(pane));
    };
    /* (measured again once the picture's size is known, and when the phone is turned) */
    big.addEventListener("load", fit);
    window.addEventListener("resize", fit);
    figures.forEach(function (link) {
      link.addEventListener("click", function (event) {
        var img = link.querySelector("img");
        if (!img || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        big.src = img.currentSrc || img.src;
        big.alt = img.alt;
        /* (the backdrop the post gives the picture, or none: `.no-backdrop`, or a picture
           drawn for each scheme, blogforge.css) */
        big.classList.toggle("no-backdrop", getComputedStyle(img).backgroundColor === "rgba(0, 0, 0, 0)");
        /* the caption's words as the post shows them (formulas, links), without their ids: an
           id twice in the page is an error */
        var words = link.parentNode.querySelector("figcaption");
        caption.textContent = "";
        if (words) {
          Array.prototype.slice.call(words.cloneNode(true).childNodes).forEach(function (n) { caption.appendChild(n); });
          all("[id]", caption).forEach(function (n) { n.removeAttribute("id"); });
        }
        caption.hidden = !caption.textContent.trim();
        /* (put in the dialog once it has a picture: an <img> with no src and no alt, in every
           post with a figure until one was opened, is an error to the Nu checker) */
        if (!pane.parentNode) { dialog.appendChild(pane); dialog.appendChild(caption); }
        dialog.setAttribute("aria-label", img.alt || link.getAttribute("aria-label") || "");
        dialog.showModal();
        pane.scrollLeft = 0;
        fit();
      });
    });
  }

  /* Back to top floats once the reader is a screen down; the bar shows how far they are. The
     bar is redrawn when its end moves by a whole pixel, not for each pixel scrolled (on a long
     post a scroll moves it by a fraction of one), and once a frame however many scroll events
     came in it. */
  var back = doc.querySelector(".back-to-top");
  var bar = doc.querySelector(".reading-progress");
  var article = doc.querySelector("article.post");
  var drawn = null, asked = false;
  if (back) { back.classList.add("is-floating"); root.classList.add("back-to-top-floats"); }
  if (bar && article) bar.hidden = false;
  function onScroll() {
    asked = false;
    var y = window.scrollY || root.scrollTop;
    if (back) back.classList.toggle("is-shown", y > window.innerHeight);
    if (bar && article) {
      var box = article.getBoundingClientRect();
      var span = box.height - window.innerHeight;
      var done = span > 0 ? Math.min(1, Math.max(0, -box.top / span)) : 1;
      var width = window.innerWidth || 1;
      var progress = (Math.round(done * width) / width).toFixed(4);
      if (progress !== drawn) bar.style.setProperty("--progress", drawn = progress);
    }
  }
  window.addEventListener("scroll", function () {
    if (!asked) { asked = true; window.requestAnimationFrame(onScroll); }
  }, { passive: true });
  onScroll();

  /* Comments: nothing is fetched until the reader comes near them. */
  var comments = doc.querySelector(".comments[data-comments]");
  function dark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  /* A comment script that cannot be had (unpkg.com and cdn.jsdelivr.net are often out of
     reach from mainland China): a line in the page's language, not an empty heading, and the
     site's writer told in the console which setting points at a copy that can be had. */
  function commentsFailed(c) {
    if (comments.querySelector(".comments-failed")) return;
    var note = doc.createElement("p");
    note.className = "comments-note comments-failed";
    note.textContent = comments.getAttribute("data-failed");
    comments.querySelector(".comments-thread").appendChild(note);
    if (window.console) console.warn("blogforge: the " + c.provider + " comments script " + c.script +
      " could not be loaded; `script_url` under `comments:` in site.yaml can name a mirror of it");
  }
  function loadComments() {
    var c = JSON.parse(comments.getAttribute("data-comments"));
    var thread = comments.querySelector(".comments-thread");
    var script = doc.createElement("script");
    var failed = function () { commentsFailed(c); };
    script.onerror = failed;
    if (c.provider === "giscus") {
      var attrs = { repo: c.repo, "repo-id": c.repoId, category: c.category, "category-id": c.categoryId,
        mapping: c.mapping, "reactions-enabled": c.reactions ? "1" : "0", "emit-metadata": "0",
        "input-position": "top", theme: dark() ? "dark" : "light", lang: c.lang, loading: "lazy" };
      Object.keys(attrs).forEach(function (k) { script.setAttribute("data-" + k, attrs[k]); });
      script.src = c.script; script.async = true; script.crossOrigin = "anonymous";
      thread.appendChild(script);
    } else if (c.provider === "waline") {
      var css = doc.createElement("link");
      css.rel = "stylesheet"; css.href = c.script.replace(/\.js$/, ".css");
      doc.head.appendChild(css);
      root.setAttribute("data-scheme", dark() ? "dark" : "light");
      import(c.script).then(function (waline) {
        waline.init({ el: thread, serverURL: c.server, lang: c.lang, dark: "html[data-scheme='dark']" });
      }).catch(failed);
    } else if (c.provider === "twikoo") {
      script.src = c.script;
      script.onload = function () {
        if (!window.twikoo) { failed(); return; }  /* (a mirror that answers with another file) */
        thread.id = "twikoo-thread";
        window.twikoo.init({ envId: c.envId, region: c.region || undefined, el: "#twikoo-thread", lang: c.lang });
      };
      doc.head.appendChild(script);
    }
  }
  function followTheme() { /* the comments follow the site's light/dark switch */
    root.setAttribute("data-scheme", dark() ? "dark" : "light");
    var frame = doc.querySelector("iframe.giscus-frame");
    if (frame) frame.contentWindow.postMessage({ giscus: { setConfig: { theme: dark() ? "dark" : "light" } } }, "https://giscus.app");
  }
  /* Paper does not scroll: a display formula wider than the page was cut off at its edge.
     Before printing, one wider than its box is scaled down to fit, and back afterwards. The
     box is measured as the screen lays it out, so never wider than paper's text (A4 or Letter
     with the browser's margins: some 700 px) is taken as its room. */
  var PAPER = 680;
  window.addEventListener("beforeprint", function () {
    all(".math-display > .katex-display").forEach(function (formula) {
      var room = Math.min(formula.parentNode.clientWidth, PAPER), wide = formula.scrollWidth;
      if (wide > room) formula.style.zoom = (room / wide).toFixed(3);
    });
    /* An inline formula breaks between its parts (after = or +) on paper as on a screen; one
       part wider than paper's line (a \left…\right, which scrolls in its box on a screen)
       was cut at the paper's edge: the formula is scaled down until it fits. Its room: paper's
       line less what its block is indented by (a list, a quote) on the screen. */
    var content = doc.querySelector(".content");
    if (!content) return;
    var width = content.clientWidth;
    var inline = all(".katex", content).filter(function (el) { return !el.closest(".katex-display"); });
    var sizes = inline.map(function (el) {
      var block = el.closest("p, li, blockquote, dd, td, th, h2, h3, h4, h5, h6") || content;
      var parts = all(".katex-html > .base, .katex-html > .math-head > .base", el).map(function (b) { return b.getBoundingClientRect().width; });
      return { room: PAPER - Math.max(0, width - block.clientWidth), widest: Math.max.apply(Math, parts.concat([0])) };
    });
    inline.forEach(function (el, i) {
      if (sizes[i].widest > sizes[i].room) el.style.zoom = (sizes[i].room / sizes[i].widest).toFixed(3);
    });
  });
  window.addEventListener("afterprint", function () {
    all(".math-display > .katex-display, .content .katex").forEach(function (formula) { formula.style.zoom = ""; });
  });

  if (comments) {
    if ("IntersectionObserver" in window) {
      var watcher = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { watcher.disconnect(); loadComments(); }
      }, { rootMargin: "400px 0px" });
      watcher.observe(comments);
    } else {
      loadComments();
    }
    new MutationObserver(followTheme).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", followTheme);
  }
})();
