// Material's search dialog has role="dialog" but no accessible name; give it the name of
// its own search field ("搜尋" / "Search"), so a screen reader announces what opened.
document$.subscribe(() => {
  const dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
  const field = document.querySelector(".md-search__input");
  if (dialog && field) dialog.setAttribute("aria-label", field.getAttribute("aria-label") || field.placeholder);
});
