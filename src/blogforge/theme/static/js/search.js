/* blogforge search: queries the static index in search-index/ (written by the build, see
   src/blogforge/search/). Loaded only when the reader first focuses the search box (or opens the
   search page). Fetches meta.json, the index shards the query's terms live in, and one small
   file per result shown — never the whole index.

   Tokenizing and stemming mirror src/blogforge/search/terms.py and stem.py line by line;
   change them together (a browser test compares the two). */
(function () {
  "use strict";

  var pageForm = document.getElementById("search-page");
  var form = pageForm || document.getElementById("search-box");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";

  var onPage = !!pageForm;
  var input = form.querySelector('input[type="search"]');
  var panel = document.getElementById(onPage ? "search-results" : "search-panel");
  var strings = JSON.parse(form.dataset.strings);
  var languages = JSON.parse(form.dataset.languages); // [[code, name, locale], …]
  var pageLang = form.dataset.lang;
  var base = form.dataset.index;
  var pageSize = onPage ? 10 : 6;
  var browse = JSON.parse(form.dataset.browse || "[]"); // [[label, url], …]: tags, archives

  /* --- terms: the twin of terms.py ------------------------------------------------------- */

  var CJK = "\u3005-\u3007\u303b\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff";
  // (C++ and C# are words, as terms.py reads them)
  var TOKEN = new RegExp("[" + CJK + "]+|c\\+\\+|c#|(?:(?![" + CJK + "])[\\p{L}\\p{N}])+", "gu");
  var CJK_START = new RegExp("^[" + CJK + "]");

  // (characters of no width dropped, as terms.py drops them: a zero-width space parts no word)
  function normalize(text) {
    return text.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, "").normalize("NFKC").toLowerCase();
  }
  function isCjk(token) { return CJK_START.test(token); }

  /* The Porter stemmer, as in stem.py. */
  function isConsonant(w, i) {
    var c = w[i];
    if ("aeiou".indexOf(c) >= 0) return false;
    if (c === "y") return i === 0 || !isConsonant(w, i - 1);
    return true;
  }
  function measure(stem) {
    var m = 0, previousVowel = false;
    for (var i = 0; i < stem.length; i++) {
      var vowel = !isConsonant(stem, i);
      if (previousVowel && !vowel) m++;
      previousVowel = vowel;
    }
    return m;
  }
  function hasVowel(stem) {
    for (var i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
    return false;
  }
  function doubleConsonant(w) {
    return w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1);
  }
  function cvc(w) {
    var n = w.length;
    return n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1) &&
      "wxy".indexOf(w[n - 1]) < 0;
  }
  function ends(w, suffix) { return w.length >= suffix.length && w.slice(w.length - suffix.length) === suffix; }
  function longestFirst(rules) { return rules.sort(function (a, b) { return b[0].length - a[0].length; }); }
  var STEP2 = longestFirst([
    ["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["izer", "ize"],
    ["abli", "able"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"],
    ["ization", "ize"], ["ation", "ate"], ["ator", "ate"], ["alism", "al"], ["iveness", "ive"],
    ["fulness", "ful"], ["ousness", "ous"], ["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"]]);
  var STEP3 = longestFirst([
    ["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"],
    ["ful", ""], ["ness", ""]]);
  var STEP4 = longestFirst(["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement",
    "ment", "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize"].map(function (s) { return [s, ""]; }));
  function replace(w, rules, minMeasure) {
    for (var i = 0; i < rules.length; i++) {
      if (ends(w, rules[i][0])) {
        var stem = w.slice(0, w.length - rules[i][0].length);
        return measure(stem) > minMeasure ? stem + rules[i][1] : w;
      }
    }
    return w;
  }
  function stem(w) {
    if (w.length <= 2) return w;
    if (ends(w, "sses") || ends(w, "ies")) w = w.slice(0, -2);
    else if (ends(w, "s") && !ends(w, "ss")) w = w.slice(0, -1);
    if (ends(w, "eed")) {
      if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
    } else {
      var suffixes = ["ed", "ing"];
      for (var i = 0; i < suffixes.length; i++) {
        var s = suffixes[i];
        if (ends(w, s) && hasVowel(w.slice(0, -s.length))) {
          w = w.slice(0, -s.length);
          if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) w += "e";
          else if (doubleConsonant(w) && "lsz".indexOf(w[w.length - 1]) < 0) w = w.slice(0, -1);
          else if (measure(w) === 1 && cvc(w)) w += "e";
          break;
        }
      }
    }
    if (ends(w, "y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
    w = replace(w, STEP2, 0);
    w = replace(w, STEP3, 0);
    for (var j = 0; j < STEP4.length; j++) {
      var suffix = STEP4[j][0];
      if (ends(w, suffix)) {
        var rest = w.slice(0, w.length - suffix.length);
        if (measure(rest) > 1 && (suffix !== "ion" || ends(rest, "s") || ends(rest, "t"))) w = rest;
        break;
      }
    }
    if (ends(w, "e")) {
      var r = w.slice(0, -1);
      if (measure(r) > 1 || (measure(r) === 1 && !cvc(r))) w = r;
    }
    if (ends(w, "ll") && measure(w) > 1) w = w.slice(0, -1);
    return w;
  }

  var stopWords = new Set();
  function wordTerm(word) {
    if (stopWords.has(word) || (word.length === 1 && !/^\d$/.test(word))) return null;
    return /^[a-z]+$/.test(word) ? stem(word) : word;
  }
  function pairs(run) {
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    return out;
  }

  /* A query is a list of groups, each of which a result must match: a CJK run or a word (its
     stem, or, for the word still being typed, any indexed word it begins). Chinese is typed
     without spaces: a run matches a text holding words that make it up, not only the run
     itself ("扩散模型训练" finds 扩散模型…的训练), see `rank`. */
  function parseQuery(query) {
    var tokens = normalize(query).match(TOKEN) || [];
    var typing = !/\s$/.test(query);
    var groups = [];
    tokens.forEach(function (token, i) {
      if (isCjk(token)) {
        groups.push({ cjk: true, text: token, terms: token.length === 1 ? [token] : pairs(token) });
        return;
      }
      var term = wordTerm(token);
      var typed = typing && i === tokens.length - 1 && !/^\d+$/.test(token) && token.length >= meta.prefix;
      // a stop word being typed may be a word's start ("the" on the way to "theory")
      if (term === null && !typed) return;
      groups.push({ cjk: false, text: token, term: term === null ? token : term, prefix: typed });
    });
    return groups;
  }

  /* --- the index ------------------------------------------------------------------------ */

  var meta = null, metaRequest = null, shards = {}, documents = {};

  function jsonOf(url) {
    return function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    };
  }
  function fetchJson(url, options) {
    return fetch(url, options).then(jsonOf(url));
  }
  function cached(store, key, url) {
    if (!store[key]) {
      store[key] = fetchJson(url).catch(function (error) { delete store[key]; throw error; });
    }
    return store[key];
  }
  function loadMeta() {
    if (!metaRequest) {
      // revalidated every time: it names the version the other files are fetched with; the
      // box's loader asked for it as it asked for this script (once: a retry asks again)
      var url = base + "meta.json", early = form.meta;
      form.meta = null;
      metaRequest = (early || fetch(url, { cache: "no-cache" })).then(jsonOf(url)).then(function (m) {
        meta = m;
        stopWords = new Set(m.stopWords);
        var total = 0;
        m.docLength.forEach(function (n) { total += n; });
        meta.averageLength = total / Math.max(1, m.docLength.length);
        return m;
      }, function (error) { metaRequest = null; throw error; });
    }
    return metaRequest;
  }
  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }
  function shardOf(term) {
    return fnv1a(isCjk(term) ? term : term.slice(0, meta.prefix)) % meta.shards;
  }
  function loadShard(n) { return cached(shards, n, base + "s/" + n + ".json?v=" + meta.version); }
  function loadDocument(id) { return cached(documents, id, base + "d/" + id + ".json?v=" + meta.version); }

  function decode(flat) { // [doc gap, weight, …] -> Map doc -> weight
    var map = new Map(), doc = 0;
    for (var i = 0; i < flat.length; i += 2) {
      doc += flat[i];
      map.set(doc, flat[i + 1]);
    }
    return map;
  }

  /* The index terms a word group stands for, found in its shard. */
  function wordTerms(group, shard) {
    var terms = [];
    if (shard[group.term]) terms.push(group.term);
    if (!group.prefix) return terms;
    Object.keys(shard).forEach(function (term) {
      if (term !== group.term && term.indexOf(group.text) === 0) terms.push(term);
    });
    if (!terms.length) {
      // "diffusio" is on its way to "diffusion", whose stem is "diffus"
      var best = "";
      Object.keys(shard).forEach(function (term) {
        if (term.length >= meta.prefix && term.length > best.length &&
            group.text.indexOf(term) === 0 && group.text.length - term.length <= 3) best = term;
      });
      if (best) terms.push(best);
    }
    return terms.slice(0, 40);
  }

  var TITLE = 64, TAG = 128, COUNT = 63, OTHER_LANGUAGE = 0.5;
  function score(weight, length, df) {
    var n = meta.docLength.length;
    var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    var tf = weight & COUNT;
    var body = tf ? tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / meta.averageLength)) : 0;
    return idf * (body + (weight & TITLE ? 3 : 0) + (weight & TAG ? 1.5 : 0));
  }

  /* Candidates, best first: documents that match every group; and how many of them hold
     every Chinese run whole (all its pairs), which come first. */
  function rank(groups) {
    var needed = new Set();
    groups.forEach(function (g) {
      if (g.cjk) g.terms.forEach(function (t) { needed.add(shardOf(t)); });
      else { needed.add(shardOf(g.term)); if (g.prefix) needed.add(shardOf(g.text)); }
    });
    var order = Array.from(needed);
    return Promise.all(order.map(loadShard)).then(function (loaded) {
      function shardFor(term) { return loaded[order.indexOf(shardOf(term))]; }
      // The Chinese runs: a text matches a run when each of its characters is in one of the
      // run's pairs the text holds, the run cut into words of two or more characters, each
      // somewhere in the text (no dictionary needed). A text holding all the pairs, those
      // spanning two words too (型训 in 模型训练), holds the run itself, near enough: those come
      // first. A long query (a question pasted whole, over six characters) needs three fifths
      // of its characters so, in any of its runs: its little words (的, 时候, 呢) seldom pair in
      // a post as in the question.
      var runs = groups.filter(function (g) { return g.cjk; });
      var characters = 0;
      runs.forEach(function (g) { characters += g.text.length; });
      var loose = characters > 6;
      var inRuns = new Map(); // doc -> {score, covered (characters), full (runs), whole (runs)}
      runs.forEach(function (g) {
        var found = new Map(), size = g.text.length;
        g.terms.forEach(function (term, i) {
          var flat = shardFor(term)[term];
          var postings = flat ? decode(flat) : new Map();
          postings.forEach(function (weight, doc) {
            var entry = found.get(doc);
            if (!entry) found.set(doc, entry = { score: 0, pairs: 0, covered: new Uint8Array(size) });
            entry.score += score(weight, meta.docLength[doc], postings.size);
            entry.pairs++;
            entry.covered[i] = 1;
            entry.covered[Math.min(i + 1, size - 1)] = 1;
          });
        });
        found.forEach(function (entry, doc) {
          var covered = 0;
          entry.covered.forEach(function (c) { covered += c; });
          var sum = inRuns.get(doc);
          if (!sum) inRuns.set(doc, sum = { score: 0, covered: 0, full: 0, whole: 0 });
          sum.score += entry.score;
          sum.covered += covered;
          if (covered === size) sum.full++;
          if (entry.pairs === g.terms.length) sum.whole++;
        });
      });
      var scores = null;
      if (runs.length) {
        scores = new Map();
        inRuns.forEach(function (sum, doc) {
          if (loose ? sum.covered >= Math.ceil(characters * 0.6) : sum.full === runs.length) scores.set(doc, sum.score);
        });
      }
      groups.forEach(function (g) {
        if (g.cjk) return;
        var groupScores = new Map();
        var shard = Object.assign({}, shardFor(g.term), g.prefix ? shardFor(g.text) : {});
        wordTerms(g, shard).forEach(function (term) {
          var postings = decode(shard[term]);
          var factor = term === g.term ? 1 : 0.7; // a completion counts a little less
          postings.forEach(function (weight, doc) {
            var s = factor * score(weight, meta.docLength[doc], postings.size);
            groupScores.set(doc, Math.max(groupScores.get(doc) || 0, s));
          });
        });
        if (scores === null) scores = groupScores;
        else {
          var both = new Map();
          scores.forEach(function (s, doc) { if (groupScores.has(doc)) both.set(doc, s + groupScores.get(doc)); });
          scores = both;
        }
      });
      function whole(doc) { var sum = inRuns.get(doc); return sum ? sum.whole : 0; }
      function covered(doc) { var sum = inRuns.get(doc); return loose && sum ? sum.covered : 0; }
      // The page's language is preferred, not put first whatever the match: a title in the
      // other language outranks a passing mention in this one (on a bilingual blog, 90 Chinese
      // posts citing "Attention Is All You Need" came before the English post titled so).
      var mine = meta.languages.indexOf(pageLang);
      function weighed(pair) { return meta.docLang[pair[0]] === mine ? pair[1] : pair[1] * OTHER_LANGUAGE; }
      var ranked = Array.from(scores || []).sort(function (a, b) {
        return whole(b[0]) - whole(a[0]) || covered(b[0]) - covered(a[0]) ||
          weighed(b) - weighed(a) || a[0] - b[0]; // newer on ties
      }).map(function (pair) { return pair[0]; });
      var exact = ranked.filter(function (doc) { return whole(doc) === runs.length; }).length;
      return { docs: ranked, exact: exact };
    });
  }

  /* --- matching in text, for snippets and highlights ----------------------------------- */

  var stems = new Map();
  // The text as the index reads it (full-width letters folded, lowercase), one character for
  // one ("Ｔｒａｉｎｉｎｇ" matched "train" unmarked), and without the characters of no width
  // normalize drops ("Flash\u200bAttention" was found, unmarked); `places`: where each of its
  // characters is in the text, and its end.
  function folded(text) {
    var out = "", places = [];
    for (var i = 0; i < text.length; i++) {
      var c = text[i], f = normalize(c);
      if (!f) continue; // (a character of no width: nothing, as the index read it)
      out += f.length === 1 ? f : c;
      places.push(i);
    }
    places.push(text.length);
    return { text: out, places: places };
  }
  function matches(text, groups) { // [[start, end], …] of what the query matched in text
    var read = folded(text), lower = read.text, found = [];
    groups.forEach(function (g) {
      if (!g.cjk) return;
      // the run where it is whole, else the words that make it up (its pairs, joined)
      var pieces = lower.indexOf(g.text) >= 0 ? [g.text] : g.terms;
      pieces.forEach(function (piece) {
        for (var at = lower.indexOf(piece); at >= 0; at = lower.indexOf(piece, at + 1)) {
          found.push([at, at + piece.length]);
        }
      });
    });
    var words = groups.filter(function (g) { return !g.cjk; });
    if (words.length) {
      var re = new RegExp(TOKEN.source, "gu"), m;
      while ((m = re.exec(lower))) {
        var token = m[0];
        if (isCjk(token)) continue;
        if (!stems.has(token)) stems.set(token, wordTerm(token));
        var term = stems.get(token);
        for (var i = 0; i < words.length; i++) {
          var g = words[i];
          if (term === g.term || (g.prefix && token.indexOf(g.text) === 0 && !stopWords.has(token))) {
            found.push([m.index, m.index + token.length]);
            break;
          }
        }
      }
    }
    found = found.map(function (r) { // (places in the text: a mark spans what was dropped)
      return [read.places[r[0]], read.places[r[1] - 1] + 1];
    });
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var joined = []; // (pairs that overlap, 注意 + 意力, are one mark: 注意力)
    found.forEach(function (r) {
      var last = joined[joined.length - 1];
      if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
      else joined.push([r[0], r[1]]);
    });
    return joined;
  }

  function highlighted(text, ranges) {
    var fragment = document.createDocumentFragment(), at = 0;
    ranges.forEach(function (r) {
      if (r[0] < at) return;
      fragment.append(text.slice(at, r[0]));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      fragment.append(mark);
      at = r[1];
    });
    fragment.append(text.slice(at));
    return fragment;
  }

  var SNIPPET = 110;
  function snippet(text, groups) {
    var ranges = matches(text, groups);
    var start = ranges.length ? Math.max(0, ranges[0][0] - 30) : 0;
    if (start > 0) {
      var space = text.lastIndexOf(" ", ranges[0][0]);
      if (space >= start - 15 && space < ranges[0][0]) start = space + 1;
    }
    var end = Math.min(text.length, start + SNIPPET);
    var piece = text.slice(start, end);
    var shifted = ranges.filter(function (r) { return r[0] >= start && r[1] <= end; })
      .map(function (r) { return [r[0] - start, r[1] - start]; });
    var out = document.createDocumentFragment();
    if (start > 0) out.append("…");
    out.append(highlighted(piece, shifted));
    if (end < text.length) out.append("…");
    return out;
  }

  /* --- showing results ------------------------------------------------------------------ */

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  function language(code) {
    for (var i = 0; i < languages.length; i++) if (languages[i][0] === code) return languages[i];
    return [code, code, code];
  }
  var dates = {};
  function formatDate(iso) {
    var locale = language(pageLang)[2];
    if (!dates[locale]) {
      dates[locale] = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
    }
    return dates[locale].format(new Date(iso + "T00:00:00Z"));
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The tags of a result the query matched, each [label, marks]. A tag is found by its id and
  // by its labels (`[id, {language: label}]`), but shown by a label, as the post's own chips
  // show it: "attention" found `flash-attention` by its id, and the chip read #flash-attention.
  // This page's label where the query matched it, else another language's it matched, else
  // this page's with what was matched of the other names marked where it holds it
  // (#FlashAttention, its "Attention" marked).
  function tagChips(doc, groups) {
    var chips = [], shown = new Set();
    doc.tags.forEach(function (tag) {
      var labels = tag[1], own = labels[pageLang] || labels[doc.lang] || tag[0];
      var names = [own].concat(Object.keys(labels).map(function (code) { return labels[code]; }));
      var found = null, matched = [];
      names.concat([tag[0]]).forEach(function (name, i) {
        var marks = matches(name, groups);
        if (!marks.length) return;
        if (!found && i < names.length) found = [name, marks];
        marks.forEach(function (r) { matched.push(name.slice(r[0], r[1]).toLowerCase()); });
      });
      if (!found && matched.length) found = [own, marksOf(matched, own)];
      if (found && !shown.has(found[0])) {
        shown.add(found[0]);
        chips.push(found);
      }
    });
    return chips;
  }
  function marksOf(pieces, text) { // where `text` holds the pieces, whatever their case
    var lower = text.toLowerCase(), marks = [];
    if (lower.length !== text.length) return marks; // (places would not be the text's)
    pieces.forEach(function (piece) {
      var at = lower.indexOf(piece);
      if (piece && at >= 0) marks.push([at, at + piece.length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    return marks;
  }

  var hits = 0; // (numbers the results' ids)
  function resultItem(doc, groups) {
    var item = element("li", "search-hit");
    var link = element("a");
    link.href = doc.url;
    var lang = language(doc.lang);
    if (doc.lang !== pageLang) item.lang = lang[2];
    var title = element("span", "search-hit-title");
    title.append(highlighted(doc.title, matches(doc.title, groups)));
    var metaLine = element("span", "search-hit-meta");
    // (the language said of the other language's results only, as the cards say it)
    if (doc.lang !== pageLang) metaLine.append(element("span", "badge", lang[1]));
    if (doc.date) {
      // as the cards of this page's language show it (its `date_format`, which Intl cannot
      // follow); Intl only if the index does not name this language
      var shown = doc.shown && doc.shown[pageLang];
      var time = element("time", "", shown || formatDate(doc.date));
      time.dateTime = doc.date;
      metaLine.append(time);
    }
    // a tag the query matched, marked: a result found by its tag alone showed no reason
    tagChips(doc, groups).forEach(function (found) {
      var chip = element("span", "search-hit-tag", "#");
      chip.append(highlighted(found[0], found[1]));
      metaLine.append(chip);
    });
    var text = element("span", "search-hit-snippet");
    text.append(snippet(doc.text, groups));
    // the link holds the title, its name, and is described by the rest: holding the whole
    // result and named by its title, it showed words that were not its name to a reader who
    // speaks to the page. The whole result is still its target (blogforge.css).
    var n = ++hits;
    metaLine.id = "search-hit-" + n + "-meta";
    text.id = "search-hit-" + n + "-text";
    link.setAttribute("aria-describedby", metaLine.id + " " + text.id);
    link.append(title);
    item.append(link, metaLine, text);
    return item;
  }

  /* The state of the current query: candidates and how many have been shown. */
  var current = null, serial = 0;

  // One live region for the whole life of the page: a region that appears together with its
  // text is often not announced.
  var statusLine = element("p", "search-status");
  statusLine.setAttribute("role", "status");
  panel.append(statusLine);
  function status(text) { statusLine.textContent = text; }
  // Where to look instead, when nothing was found or search failed: the site's own lists.
  function browseLinks() {
    var line = element("p", "search-browse", strings.browse + " ");
    browse.forEach(function (pair, i) {
      if (i) line.append(" · ");
      var link = element("a", "", pair[0]);
      link.href = pair[1];
      line.append(link);
    });
    return line;
  }

  function open() { panel.hidden = false; }
  function close() { if (!onPage) panel.hidden = true; }

  function clear() {
    while (panel.lastChild !== statusLine) panel.removeChild(panel.lastChild);
    current = null;
  }

  /* The next page of results: one small file each, for its title and snippet. */
  function showMore(state) {
    var batch = state.candidates.slice(state.next, state.next + pageSize);
    state.next += batch.length;
    return Promise.all(batch.map(loadDocument)).then(function (docs) {
      if (state !== current) return;
      docs.forEach(function (doc) { addResult(state, doc); });
      var total = state.candidates.length;
      // (`di` on its way to `diffusion` is no word yet, if it is no word either: not "nothing
      // found", announced at every pause)
      status(total === 0 ? (state.unfinished ? strings.short : say(strings.none, { q: state.query.trim() }))
        : state.partial ? say(strings.partial, { q: state.query.trim(), n: total })
        : total === 1 ? strings.one : say(strings.results, { n: total }));
      if (total === 0 && !state.unfinished && browse.length) panel.append(browseLinks());
      var more = panel.querySelector(".search-more");
      if (more) more.remove();
      if (state.next < state.candidates.length) {
        if (onPage) {
          more = element("button", "search-more", strings.more);
          more.type = "button";
          more.addEventListener("click", function () {
            var first = state.shown;
            showMore(state).then(function () {
              var link = panel.querySelectorAll(".search-hit a")[first];
              if (link) link.focus();
            });
          });
        } else {
          more = element("a", "search-more", strings.all);
          more.href = form.dataset.page + "?q=" + encodeURIComponent(state.query.trim());
        }
        panel.append(more);
      }
    });
  }

  /* One list, in the order of the ranking (each result says its language): grouped by
     language, the page's first, a better match in the other language came after the rest,
     and "More results" put results above those already read. */
  function addResult(state, doc) {
    var list = panel.querySelector(".search-list");
    if (!list) {
      list = element("ol", "search-list");
      panel.append(list);
    }
    list.append(resultItem(doc, state.groups));
    state.shown++;
  }

  function search(query) {
    var mySerial = ++serial;
    if (onPage) {
      var url = new URL(location.href);
      if (query.trim()) url.searchParams.set("q", query.trim());
      else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      /* the other language's search page, for the same words */
      document.querySelectorAll(".lang-switch a").forEach(function (a) {
        var other = new URL(a.href);
        other.search = url.search;
        a.href = other.href;
      });
    }
    if (!query.trim()) { clear(); status(""); close(); return; }
    open();
    if (!meta) status(strings.loading);
    loadMeta().then(function () {
      var groups = parseQuery(query);
      if (!groups.length) return null;
      return rank(groups).then(function (ranked) {
        // (a Chinese run of three characters or more no post holds whole: its words found)
        var partial = ranked.exact === 0 && groups.some(function (g) { return g.cjk && g.text.length > 2; });
        var last = groups[groups.length - 1];
        var unfinished = !/\s$/.test(query) && !last.cjk && !last.prefix && last.text.length < meta.prefix && !/^\d+$/.test(last.text);
        return { query: query, groups: groups, candidates: ranked.docs, next: 0, shown: 0, partial: partial, unfinished: unfinished };
      });
    }).then(function (state) {
      if (mySerial !== serial) return;
      clear();
      // (nothing to search for: one letter is on its way to a word; more were stop words,
      // single letters, or signs: `the`, `O(n)`)
      if (!state) { status(query.trim().length > 1 ? say(strings.common, { q: query.trim() }) : strings.short); return; }
      current = state;
      return showMore(state);
    }).catch(function () {
      if (mySerial !== serial) return;
      clear();
      status(strings.error);
      if (browse.length) panel.append(browseLinks());
    });
  }

  /* --- keyboard and events ------------------------------------------------------------- */

  // Not while an input method composes (pinyin: "zhuyili" before 注意力 is chosen): a search
  // a letter, each announced "nothing found", each fetching shards for the letters.
  var timer = 0, composing = false;
  function searchSoon() {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 80);
  }
  // (Android's keyboards compose English words too, as they are typed: there, on a page in a
  // language written without an input method, the words being composed are searched)
  var composedWords = !/^(zh|ja|ko)/i.test(pageLang);
  input.addEventListener("compositionstart", function () { composing = true; if (!composedWords) clearTimeout(timer); });
  input.addEventListener("compositionend", function () { composing = false; searchSoon(); });
  input.addEventListener("input", function (e) {
    if (composedWords || (!composing && !e.isComposing)) searchSoon();
  });

  function links() { return Array.prototype.slice.call(panel.querySelectorAll("a, button")); }

  input.addEventListener("keydown", function (e) {
    if (e.isComposing || e.keyCode === 229) return; // (the input method's Enter, arrows)
    if (e.key === "ArrowDown") {
      var first = links()[0];
      if (first && !panel.hidden) { e.preventDefault(); first.focus(); }
    } else if (e.key === "Escape") {
      if (!onPage && !panel.hidden) { e.preventDefault(); close(); }
    } else if (e.key === "Enter" && onPage) {
      e.preventDefault(); // results are already shown as you type
      clearTimeout(timer);
      search(input.value);
      // a phone's keyboard covered the results it was asked for: Enter puts it away
      if (window.matchMedia("(pointer: coarse)").matches) input.blur();
    }
  });

  panel.addEventListener("keydown", function (e) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      var next = at + (e.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else if (next < all.length) all[next].focus();
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      all[e.key === "Home" ? 0 : all.length - 1].focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      input.focus();
      close();
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== " ") {
      input.focus(); // typing goes on in the box
    }
  });

  if (!onPage) {
    form.addEventListener("focusout", function (e) {
      if (!form.contains(e.relatedTarget)) close();
    });
    input.addEventListener("focus", function () { if (statusLine.textContent && input.value.trim()) open(); });
  }

  if (onPage) {
    // (what the reader typed before this script arrived, on a slow network, wins over ?q=)
    var initial = input.value.trim() ? input.value
      : new URLSearchParams(location.search).get("q") || "";
    input.value = initial;
    if (initial) search(initial);
    // Ctrl+K (⌘K) only, as in the header's box (partials/search.html): no one-key shortcut.
    document.addEventListener("keydown", function (e) {
      if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) && !e.altKey) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
    if (!initial) input.focus();
  } else if (input.value.trim()) {
    search(input.value); // typed before this script arrived
  }
  loadMeta().catch(function () { /* reported when a query needs it */ });
  // The preview (`blogforge serve`) says when a build changed the index: what this page
  // fetched of the old one is dropped, and results on show are searched again.
  window.addEventListener("blogforge:search-index", function () {
    meta = null; metaRequest = null; shards = {}; documents = {};
    if (!panel.hidden && input.value.trim()) search(input.value);
  });
  // Set up without an error: the search page keeps its box and its results' room (blogforge.css).
  form.classList.add("is-working");
  // The term rules, for the test that holds them equal to the build's (tests/test_search.py).
  window.blogforgeSearch = Object.freeze({ stem: stem, normalize: normalize });
})();
