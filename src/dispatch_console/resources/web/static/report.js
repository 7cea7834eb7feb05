// The report form, made kinder on a phone: at most N photos, each shrunk to 2048 px as JPEG
// before it is sent (a 5 MB camera photo becomes ~0.5 MB; its EXIF, location included, is not
// copied), thumbnails, and one submission only. Without JavaScript the form works as it is.
(function () {
  "use strict";
  var form = document.getElementById("report");
  var input = document.getElementById("photos");
  var previews = document.getElementById("previews");
  var send = document.getElementById("send");
  if (!form || !input || !window.DataTransfer) { return; }
  var max = parseInt(input.dataset.max, 10) || 5;
  var LONG_SIDE = 2048;

  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) { resolve(file); return; }
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg" }));
        }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }

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
