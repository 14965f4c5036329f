// What Material's copy button puts on the clipboard, for the two kinds of code on the site.
// tools/copy_text.py implements the same rules in Python, and tests/test_copy.py runs its
// output in the plain `python` REPL and as a file; keep the two in step.
//
// Material's clipboard reads `data-clipboard-text` first, so it is set just before the
// click reaches Material's handler (this listener runs in the capture phase).
//
// * Library code (tools/literate.py): the wrapper `<div class="literate">` carries the whole
//   section as it runs in a file or the REPL, imports included, in `data-copy-text`.
//   A plain block inside an element with `data-copy-prefix` copies that prefix, a blank
//   line, then the block's code.
// * Doctest (```pycon) blocks: the source of each example (a `>>> ` line and the `... `
//   lines right after it) without prompts or expected output, and a blank line after
//   every example that runs over several lines: the REPL ends a compound statement
//   (`for`, `with`, `def`) only at a blank line.

function copyDoctest(text) {
  const examples = [];
  let inSource = false;
  for (const line of text.split("\n")) {
    if (/^>>>( |$)/.test(line)) {
      examples.push([line.slice(4)]);
      inSource = true;
    } else if (inSource && /^\.\.\.( |$)/.test(line)) {
      // a bare `...` would be a blank line, which ends a block in the REPL
      if (line.slice(4).trim()) examples[examples.length - 1].push(line.slice(4));
    } else {
      inSource = false; // output; a `...` after it is output too (a traceback)
    }
  }
  const lines = [];
  for (const example of examples) {
    lines.push(...example);
    if (example.length > 1) lines.push("");
  }
  return lines.join("\n") + "\n";
}

if (typeof document !== "undefined") document.addEventListener(
  "click",
  (event) => {
    const button = event.target.closest("[data-clipboard-target]");
    if (!button) return;
    const literate = button.closest("[data-copy-text]");
    if (literate) {
      button.setAttribute("data-clipboard-text", literate.getAttribute("data-copy-text"));
      return;
    }
    const code = button.closest(".highlight, pre")?.querySelector("code");
    if (!code) return;
    if (button.closest(".language-pycon")) {
      button.setAttribute("data-clipboard-text", copyDoctest(code.textContent));
      return;
    }
    const prefixed = button.closest("[data-copy-prefix]");
    if (prefixed) {
      const prefix = prefixed.getAttribute("data-copy-prefix").replace(/\n+$/, "");
      button.setAttribute("data-clipboard-text", prefix + "\n\n" + code.textContent);
    }
  },
  true,
);

if (typeof module !== "undefined") module.exports = { copyDoctest }; // for node-based checks
