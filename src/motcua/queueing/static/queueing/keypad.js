// On-screen keypad for the kiosk: fills the 6-digit appointment code; no keyboard needed.
(function () {
  var form = document.getElementById("checkin");
  if (!form) return;
  var field = form.querySelector("#code");
  form.addEventListener("click", function (event) {
    var key = event.target.closest("[data-key]");
    if (!key) return;
    var value = field.value;
    if (key.dataset.key === "del") value = value.slice(0, -1);
    else if (value.length < 6) value += key.dataset.key;
    field.value = value;
  });
})();
