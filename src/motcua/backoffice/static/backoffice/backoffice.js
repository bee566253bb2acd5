/* Back-office keyboard help: "/" focuses the code search, j/k move between dossiers in a list,
   "n" opens the next page; "select all" ticks every row. No framework, no build step. */
(function () {
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(document.activeElement)) return;
    if (e.key === "/") {
      var search = document.querySelector("[data-hotkey='/']");
      if (search) { e.preventDefault(); search.focus(); search.select(); }
    } else if (e.key === "j" || e.key === "k") {
      var links = Array.prototype.slice.call(document.querySelectorAll("a.bo-code"));
      if (!links.length) return;
      var i = links.indexOf(document.activeElement);
      i = e.key === "j" ? Math.min(i + 1, links.length - 1) : Math.max(i - 1, 0);
      links[i].focus();
      e.preventDefault();
    } else if (e.key === "n") {
      var next = document.querySelector("[data-hotkey='n']");
      if (next) next.click();
    }
  });
  document.addEventListener("change", function (e) {
    if (!e.target.matches("[data-check-all]")) return;
    var form = e.target.closest("form");
    form.querySelectorAll("input[name=pick]").forEach(function (box) { box.checked = e.target.checked; });
  });
})();
