// The report form, made kinder on a phone: at most N photos, each shrunk before it is sent
// (photos.js), thumbnails, and one submission only. Without JavaScript the form works as it is.
(function () {
  "use strict";
  var form = document.getElementById("report");
  var input = document.getElementById("photos");
  var previews = document.getElementById("previews");
  var send = document.getElementById("send");
  if (!form || !input || !window.DataTransfer || !window.DispatchPhotos) { return; }
  var max = parseInt(input.dataset.max, 10) || 5;
  var shrink = window.DispatchPhotos.shrink;

  input.addEventListener("change", function () {
    var files = Array.prototype.slice.call(input.files);
    previews.textContent = "";
    if (files.length > max) {
      previews.textContent = input.dataset.tooMany;
      files = files.slice(0, max);
    }
    send.disabled = true;
    Promise.all(files.map(shrink)).then(function (smaller) {
      var dt = new DataTransfer();
      smaller.forEach(function (f) {
        dt.items.add(f);
        var img = document.createElement("img");
        img.alt = f.name;
        img.src = URL.createObjectURL(f);
        previews.appendChild(img);
      });
      input.files = dt.files;
      send.disabled = false;
    });
  });

  form.addEventListener("submit", function () {
    send.disabled = true;
    send.textContent = send.dataset.sending;
  });
})();
