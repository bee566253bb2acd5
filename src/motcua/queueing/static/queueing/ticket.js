// Kiosk ticket: print at once (a kiosk browser started with --kiosk-printing prints silently on
// the 80 mm printer), then go back to the start screen for the next person.
(function () {
  var ticket = document.querySelector(".ticket");
  if (!ticket) return;
  window.addEventListener("load", function () {
    if (!/[?&]noprint=1/.test(location.search)) window.print();
  });
  setTimeout(function () { location.href = ticket.dataset.back; }, 20000);
})();
