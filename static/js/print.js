// The "Print this post" button: shown only once this script runs, since printing from a page
// needs it (without JavaScript the browser's own Print command does the same). The print
// styles in site.css leave the site's chrome, sharing and forms off the paper.
(function () {
  "use strict";
  if (typeof window.print !== "function") return;
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
