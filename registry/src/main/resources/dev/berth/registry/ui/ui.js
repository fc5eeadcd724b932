// Berth's web UI: the one script, served by the registry itself. It only copies text to the clipboard; every page
// works without it.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy], button[data-copy-from]");
  if (!button) {
    return;
  }
  const from = button.getAttribute("data-copy-from");
  const text = from ? document.getElementById(from)?.textContent ?? "" : button.getAttribute("data-copy");
  navigator.clipboard.writeText(text).then(() => {
    const label = button.textContent;
    button.textContent = "Copied";
    button.classList.add("copied");
    setTimeout(() => { button.textContent = label; button.classList.remove("copied"); }, 1500);
  });
});
