// Sharing and citing a post: "Copy" buttons, the Mastodon form and today's date of access.
// Each is shown only once this script runs; without it the plain share links and the
// citation's text are all there is, and both work.
(function () {
  "use strict";

  var today = new Date().toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
  });
  document.querySelectorAll("[data-today]").forEach(function (node) {
    node.textContent = today;
  });

  function say(button, message) {
    var status = button.nextElementSibling;
    if (status && status.getAttribute("role") === "status") status.textContent = message;
  }

  if (navigator.clipboard) {
    document.querySelectorAll("[data-copy-text], [data-copy-from]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = button.dataset.copyFrom && document.getElementById(button.dataset.copyFrom);
        var text = source ? source.textContent.replace(/\s+/g, " ").trim() : button.dataset.copyText;
        navigator.clipboard.writeText(text).then(
          function () {
            say(button, "Copied.");
          },
          function () {
            say(button, "Could not copy: select the text and copy it instead.");
          }
        );
      });
    });
  }

  // Mastodon has no central share address: each reader's own server has one. A reader may
  // type "mastodon.social", "https://mastodon.social/" or their handle "@me@mastodon.social".
  var form = document.querySelector("[data-mastodon-share]");
  if (form) {
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = form.elements.server;
      var host = input.value
        .trim()
        .replace(/^https?:\/\//i, "")
        .replace(/[/?#].*$/, "")
        .split("@")
        .pop()
        .toLowerCase();
      if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) {
        input.setCustomValidity("Type your server's name, such as mastodon.social.");
        input.reportValidity();
        return;
      }
      input.setCustomValidity("");
      window.location.href = "https://" + host + "/share?text=" + encodeURIComponent(form.dataset.text);
    });
    form.elements.server.addEventListener("input", function () {
      form.elements.server.setCustomValidity("");
    });
  }
})();
