// Giám sát: a period list submits its form when changed (no inline handlers: the CSP forbids them).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
});
