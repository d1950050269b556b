// The main menu on phones: a "Menu" button that shows and hides the list.
// Without this script the list is simply shown, so the menu never depends on JavaScript.
(function () {
  "use strict";
  var nav = document.querySelector("nav[data-menu]");
  if (!nav) return;
  var list = nav.querySelector("ul");
  if (!list) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.textContent = "Menu";
  button.setAttribute("aria-controls", list.id);
  button.setAttribute("aria-expanded", "false");
  list.hidden = true;
  nav.insertBefore(button, list);

  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    list.hidden = !open;
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });

  // Escape closes the open menu and returns focus to its button.
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
