// Render math with the KaTeX copy shipped inside the site (no CDN). Runs on every
// page load, including Material's instant navigation. `$…$` is included because
// notebook pages leave the math of their markdown cells as written.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: false,
  });
});
