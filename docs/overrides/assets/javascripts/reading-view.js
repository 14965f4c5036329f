// Bilingual reading view: next to every `##` section, the same section of the page's
// twin in the other language. The twins share their `##` structure (tested), so the
// n-th section of one is the n-th section of the other. The twin is fetched from the
// same site (a relative URL: /zh/x/ <-> /en/x/); nothing leaves the site.
(() => {
  const TEXT = {
    zh: { open: "對照 English", close: "關閉對照", label: "在這一節旁邊並排顯示英文版", other: "en", failed: "無法載入英文版。" },
    en: { open: "中文對照", close: "Close side by side", label: "Show the Chinese version of this section alongside", other: "zh-TW", failed: "Could not load the Chinese version." },
  };
  const FOLDER = { zh: "/zh/", en: "/en/" };
  const twins = new Map(); // twin URL -> promise of its parsed document

  function language() {
    return document.documentElement.lang.startsWith("zh") ? "zh" : "en";
  }

  // The twin's address: the page's own `<link rel="alternate" hreflang>` if it names a page,
  // else the same path with the language folder swapped.
  function twinUrl(lang) {
    const other = lang === "zh" ? "en" : "zh";
    const link = document.querySelector(`link[rel="alternate"][hreflang^="${other}"]`);
    const here = new URL(location.href);
    if (link && new URL(link.href).pathname !== new URL(FOLDER[other], here).pathname) return new URL(link.href, here);
    const swapped = here.pathname.replace(new RegExp(`${FOLDER[lang]}(?!.*${FOLDER[lang]})`), FOLDER[other]);
    return new URL(swapped, here);
  }

  function fetchTwin(url) {
    if (!twins.has(url.href)) {
      twins.set(url.href, fetch(url, { credentials: "same-origin" }).then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${url}`);
        return response.text();
      }).then((html) => new DOMParser().parseFromString(html, "text/html")));
    }
    return twins.get(url.href);
  }

  // An article's content as [preamble, section 1, section 2, …]: each a list of nodes,
  // a section starting at its `##` heading.
  function sections(article) {
    const groups = [[]];
    for (const node of Array.from(article.childNodes)) {
      if (node.nodeName === "H2") groups.push([]);
      groups[groups.length - 1].push(node);
    }
    return groups;
  }

  // Twin nodes made safe to show here: links and images resolved against the twin's URL,
  // ids dropped (they would collide), interactive widgets that need their script left out.
  function adopt(nodes, base) {
    const box = document.createElement("div");
    for (const node of nodes) box.append(document.importNode(node, true));
    box.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
    box.querySelectorAll(".softmax-explorer, .headerlink, .reading-view__toggle").forEach((el) => el.remove());
    box.querySelectorAll("[href]").forEach((el) => el.setAttribute("href", new URL(el.getAttribute("href"), base).href));
    box.querySelectorAll("[src]").forEach((el) => el.setAttribute("src", new URL(el.getAttribute("src"), base).href));
    return box;
  }

  function open(article, text, lang, index) {
    const url = twinUrl(lang);
    const status = document.createElement("p");
    status.className = "reading-view__status";
    status.setAttribute("role", "status");
    return fetchTwin(url).then((twin) => {
      const other = twin.querySelector("article.md-content__inner") || twin.querySelector("article");
      const own = sections(article);
      const theirs = other ? sections(other) : [];
      const rows = own.map((nodes, i) => {
        const row = document.createElement("div");
        row.className = "reading-view__row";
        const mine = document.createElement("div");
        mine.className = "reading-view__own";
        mine.append(...nodes);
        const twinBox = adopt(theirs[i] || [], url);
        twinBox.className = "reading-view__twin";
        twinBox.lang = text.other;
        row.append(mine, twinBox);
        return row;
      });
      const bar = document.createElement("div");
      bar.className = "reading-view__bar";
      const close = Object.assign(document.createElement("button"), { type: "button", textContent: text.close });
      close.className = "md-button reading-view__close";
      bar.append(close);
      article.append(bar, ...rows);
      document.body.classList.add("reading-view");
      close.addEventListener("click", () => shut(article, rows, bar));
      rows[index].scrollIntoView({ block: "start" });
    }).catch(() => {
      status.textContent = text.failed;
      article.prepend(status);
    });
  }

  function shut(article, rows, bar) {
    const heading = rows.find((row) => row.getBoundingClientRect().bottom > 0);
    const keep = heading && heading.querySelector(".reading-view__own > h2");
    for (const row of rows) article.append(...row.querySelector(".reading-view__own").childNodes);
    rows.forEach((row) => row.remove());
    bar.remove();
    document.body.classList.remove("reading-view");
    if (keep) keep.scrollIntoView({ block: "start" });
  }

  function mount() {
    const article = document.querySelector("article.md-content__inner");
    if (!article || !article.querySelector(":scope > h2")) return;
    const lang = language();
    const text = TEXT[lang];
    article.querySelectorAll(":scope > h2").forEach((heading, i) => {
      const toggle = Object.assign(document.createElement("button"), { type: "button", textContent: text.open });
      toggle.className = "reading-view__toggle";
      toggle.setAttribute("aria-label", `${text.label}: ${heading.textContent.replace("¶", "").trim()}`);
      toggle.addEventListener("click", () => {
        if (!document.body.classList.contains("reading-view")) open(article, text, lang, i + 1);
      });
      heading.append(toggle);
    });
  }

  document$.subscribe(mount);
})();
