// The recommendation page's Print button. The page ships the button hidden and a line
// saying to use the browser's Print command: without this script (JavaScript off, or the
// file not loaded) a button that did nothing would be worse than no button. The site's
// Content-Security-Policy allows no inline handlers, hence a file of its own.
"use strict";

document.querySelectorAll(".keep-a-copy").forEach(function (section) {
  var button = section.querySelector(".print-button");
  var hint = section.querySelector(".print-hint");
  if (!button || typeof window.print !== "function") {
    return;
  }
  button.addEventListener("click", function () {
    window.print();
  });
  button.hidden = false;
  if (hint) {
    hint.hidden = true;
  }
});
