/* Veturi: a town's R&D&I services on the town's own website.

   <script src="BASE/embed/services.js" data-city="CODE" data-lang="fi"></script>

   The list appears right after the script tag, inside a shadow root: the page's styles do not
   reach it and its styles do not leak out. It reads Veturi's public JSON without cookies
   (credentials "omit") and writes text only (never HTML from the data). Optional attributes:
   data-lang (fi, sv, en), data-category (one category), data-heading-level (2 by default). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.parentNode || !("attachShadow" in Element.prototype)) {
    return;
  }
  var city = (script.getAttribute("data-city") || "").trim();
  var lang = (script.getAttribute("data-lang") || "fi").trim().toLowerCase();
  var category = (script.getAttribute("data-category") || "").trim();
  var level = parseInt(script.getAttribute("data-heading-level") || "2", 10);
  if (!(level >= 1 && level <= 5)) {
    level = 2;
  }
  var FAILED = {
    fi: "Palveluja ei voitu ladata juuri nyt.",
    sv: "Tjänsterna kunde inte laddas just nu.",
    en: "The services could not be loaded right now."
  };
  var CSS = [
    ":host { all: initial; display: block; }",
    ".vt { display: block; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;",
    "  font-size: 16px; line-height: 1.5; color: #1a1a1a; background: #fff; padding: 0.5em 0; }",
    ".vt h1, .vt h2, .vt h3, .vt h4, .vt h5, .vt h6 { line-height: 1.25; margin: 0.5em 0; }",
    ".vt .title { font-size: 1.3em; }",
    ".vt .name { font-size: 1.1em; margin: 0 0 0.25em; }",
    ".vt ul { list-style: none; margin: 0; padding: 0; }",
    ".vt li.item { border: 1px solid #c9ced4; border-radius: 4px; padding: 0.75em 1em;",
    "  margin: 0 0 0.75em; }",
    ".vt p { margin: 0.25em 0; }",
    ".vt dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; margin: 0.5em 0; }",
    ".vt dt { font-weight: 600; }",
    ".vt dd { margin: 0; }",
    ".vt a { color: #0b4f8a; text-decoration: underline; }",
    ".vt a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; box-shadow: 0 0 0 5px #1a1a1a; }",
    ".vt .muted { color: #4a4a4a; }"
  ].join("\n");

  var host = document.createElement("div");
  host.className = "veturi-services";
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    var style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === "") {
        return;
      }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function safeUrl(value) {
    try {
      var url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  var uid = "vt-" + Math.random().toString(36).slice(2, 10);
  var section = el("section", { "class": "vt", "lang": lang, "aria-labelledby": uid + "-title",
                                "aria-busy": "true" });
  root.appendChild(section);

  function fact(label, value) {
    return value ? [el("dt", {}, [label]), el("dd", {}, [value])] : [];
  }

  function contact(c) {
    var parts = [];
    if (c.name) {
      parts.push(c.name);
    }
    if (c.email) {
      if (parts.length) { parts.push(el("br")); }
      parts.push(el("a", { href: "mailto:" + c.email }, [c.email]));
    }
    if (c.phone) {
      if (parts.length) { parts.push(el("br")); }
      parts.push(el("a", { href: "tel:" + c.phone.replace(/\s+/g, "") }, [c.phone]));
    }
    return parts.length ? el("span", {}, parts) : null;
  }

  function service(s, texts) {
    var facts = [].concat(
      fact(texts.provider, s.provider),
      fact(texts.target_group, s.target_group),
      fact(texts.languages, (s.languages || []).map(function (l) { return l.name; }).join(", ")),
      fact(texts.contact, contact(s.contact || {}))
    );
    var children = [
      el("h" + Math.min(level + 1, 6), { "class": "name" }, [s.name]),
      el("p", { "class": "muted" }, [s.category_label]),
      s.description ? el("p", {}, [s.description]) : null,
      facts.length ? el("dl", {}, facts) : null
    ];
    var url = s.url && safeUrl(s.url);
    if (url) {
      children.push(el("p", {}, [el("a", { href: url, rel: "noopener" },
                                     [texts.website.replace("%(name)s", s.name)])]));
    }
    return el("li", { "class": "item" }, children);
  }

  function person(p) {
    var lines = [el("strong", {}, [p.name]), p.title ? ", " + p.title : "",
                 " (" + p.role_label + ")"];
    if (p.email) {
      lines.push(el("br"), el("a", { href: "mailto:" + p.email }, [p.email]));
    }
    if (p.phone) {
      lines.push(el("br"), p.phone);
    }
    return el("li", { "class": "item" }, [el("p", {}, lines)]);
  }

  function render(data) {
    var texts = data.texts;
    section.appendChild(el("h" + level, { "class": "title", id: uid + "-title" }, [texts.title]));
    if (!data.services.length) {
      section.appendChild(el("p", {}, [texts.empty]));
    } else {
      section.appendChild(el("ul", {}, data.services.map(function (s) {
        return service(s, texts);
      })));
    }
    if (data.people && data.people.length) {
      section.appendChild(el("h" + Math.min(level + 1, 6), { "class": "name" }, [texts.people]));
      section.appendChild(el("ul", {}, data.people.map(person)));
    }
    section.setAttribute("aria-busy", "false");
  }

  function fail() {
    section.appendChild(el("p", { id: uid + "-title" }, [FAILED[lang] || FAILED.fi]));
    section.setAttribute("aria-busy", "false");
  }

  var url = new URL("../api/public/v1/services", script.src);
  url.searchParams.set("city", city);
  url.searchParams.set("lang", lang);
  if (category) {
    url.searchParams.set("category", category);
  }
  fetch(url.href, { credentials: "omit", mode: "cors" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(render)
    .catch(fail);
})();
