/*
 * The post editor's tag box (Wagtail's tag-it based `w-tag` widget) commits what was typed.
 *
 * Left alone, tag-it ignores Enter, comma and Tab while the suggestion list is open, leaving
 * the typed text in the box, so the next tag is glued onto it ("Children" + "privacy" became
 * "Childrenprivacy"). Here Enter, comma and Tab always add the typed text as one tag; taking a
 * suggestion is a choice made explicitly, with the arrow keys (then Enter) or a click.
 *
 * One capture listener on the document runs before tag-it's and jQuery UI's own handlers.
 */
(function () {
  "use strict";

  var COMMIT_KEYS = ["Enter", ",", "Tab"];
  var ARROWS = ["ArrowUp", "ArrowDown", "PageUp", "PageDown"];
  // Inputs whose highlighted suggestion was reached with the keyboard since the last typing.
  var chosenWithArrows = new WeakSet();

  function tagInput(target) {
    return target instanceof HTMLInputElement && target.closest("ul.tagit li.tagit-new")
      ? target
      : null;
  }

  document.addEventListener(
    "keydown",
    function (event) {
      var input = tagInput(event.target);
      if (!input || !window.jQuery) return;
      if (ARROWS.indexOf(event.key) !== -1) {
        chosenWithArrows.add(input);
        return;
      }
      if (COMMIT_KEYS.indexOf(event.key) === -1) {
        chosenWithArrows.delete(input);
        return;
      }
      var $input = window.jQuery(input);
      var autocomplete = $input.autocomplete("instance");
      var highlighted = autocomplete && autocomplete.menu && autocomplete.menu.active;
      if (event.key === "Enter" && highlighted && chosenWithArrows.has(input)) {
        chosenWithArrows.delete(input);
        return; // the editor picked this suggestion: jQuery UI selects it
      }
      var typed = input.value.trim();
      if (!typed) return; // nothing to add: Tab moves on, Enter behaves as tag-it decides
      event.preventDefault();
      event.stopImmediatePropagation();
      chosenWithArrows.delete(input);
      if (autocomplete) $input.autocomplete("close");
      // tag-it is initialised on the original field, just before the list it draws.
      var field = input.closest("ul.tagit").previousElementSibling;
      window.jQuery(field).tagit("createTag", typed.replace(/^"(.*)"$/, "$1"));
      input.value = "";
    },
    true,
  );
})();
