#!/usr/bin/env node
// Math rendered at build time with KaTeX's own renderer, so pages load no KaTeX script
// (only its stylesheet and fonts). Batch interface, one process per page:
//   stdin:  JSON [{"tex": "e^{z_i}", "display": false}, …]
//   stdout: JSON ["<span class=\"katex\">…</span>", …] in the same order
// A formula KaTeX cannot parse is rendered in red with its message (throwOnError: false),
// and listed on stderr so the build log shows it.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const katex = require("katex");

const items = JSON.parse(readFileSync(0, "utf8"));
const html = items.map(({ tex, display }) => {
  try {
    return katex.renderToString(tex, { displayMode: Boolean(display), throwOnError: true });
  } catch (error) {
    process.stderr.write(`katex: ${error.message}\n`);
    return katex.renderToString(tex, { displayMode: Boolean(display), throwOnError: false });
  }
});
process.stdout.write(JSON.stringify(html));
