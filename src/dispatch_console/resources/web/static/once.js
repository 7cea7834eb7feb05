// Forms marked data-once are sent once: a second tap while the first is on its way (a slow
// network, a double tap) would ask the desk twice and use up the customer's requests of the day.
// Without JavaScript the form works as it is.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-once]"), function (form) {
    form.addEventListener("submit", function (e) {
      if (form.dataset.sent) { e.preventDefault(); return; }
      form.dataset.sent = "1";
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
        b.disabled = true;
        if (b.dataset.sending) { b.textContent = b.dataset.sending; }
      });
    });
  });
  // back to a page the browser kept: its forms can be sent again
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-once]"), function (form) {
      delete form.dataset.sent;
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
        b.disabled = false;
      });
    });
  });
})();
