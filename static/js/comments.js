// The answer to a comment form is the post page with a message or an error summary in its
// comment section: move the focus there, so keyboard and screen-reader users land on it.
// After the load, and a turn later: the browser's own jump to the address's #comments (what
// readers without JavaScript get) would otherwise take the focus back to the page.
(function () {
  "use strict";
  window.addEventListener("load", function () {
    setTimeout(function () {
      var target = document.querySelector("[data-focus-on-load]");
      if (target) target.focus();
    }, 0);
  });
})();
