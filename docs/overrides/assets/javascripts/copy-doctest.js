// The copy button of a doctest (```pycon) block copies runnable code: the `>>> ` and
// `... ` prompts are removed and the expected-output lines are left out. Material's
// clipboard reads `data-clipboard-text` first, so it is set just before the click
// reaches Material's handler (this listener runs in the capture phase).
document.addEventListener(
  "click",
  (event) => {
    const button = event.target.closest("[data-clipboard-target]");
    const block = button && button.closest(".language-pycon");
    if (!block) return;
    const lines = block.querySelector("code").textContent.split("\n");
    const source = lines
      .filter((line) => /^(>>>|\.\.\.)( |$)/.test(line))
      .map((line) => line.slice(4));
    button.setAttribute("data-clipboard-text", source.join("\n"));
  },
  true,
);
