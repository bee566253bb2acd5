// Small behaviours named by data-* attributes, loaded on every page: the content security policy
// forbids inline scripts, on* handlers, hx-on, htmx's eval'd trigger filters and style attributes
// (decision 0533), so pages say what they want and this file does it.
(function () {
  "use strict";

  // <button data-print>: print the page (catalogue sheet, queue ticket).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  // A polling panel with data-poll-pauses-in-form skips its refresh while the person is filling a
  // form, so what they typed is not swapped away (was hx-trigger="every 5s[!…closest('form')]").
  document.addEventListener("htmx:beforeRequest", function (event) {
    var panel = event.detail.elt, active = document.activeElement;
    if (panel.hasAttribute("data-poll-pauses-in-form") && active && active.closest("form")) event.preventDefault();
  });

  // form[data-reset-after-answer]: once answered (or told to wait), empty it for the next question.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches("form[data-reset-after-answer]")) return;
    if (event.detail.successful || event.detail.xhr.status === 429) {
      form.reset();
      var box = form.querySelector("textarea");
      if (box) box.focus();
    }
  });

  // [data-band="#rrggbb"]: a grade's colour as the --band custom property. Set through the CSSOM,
  // which the policy allows, where a style="…" attribute would be blocked.
  function paint(root) {
    var found = root.querySelectorAll ? Array.prototype.slice.call(root.querySelectorAll("[data-band]")) : [];
    if (root.matches && root.matches("[data-band]")) found.push(root);
    found.forEach(function (el) { el.style.setProperty("--band", el.getAttribute("data-band")); });
  }
  document.addEventListener("DOMContentLoaded", function () { paint(document); });
  document.addEventListener("htmx:load", function (event) { paint(event.target); });
})();
