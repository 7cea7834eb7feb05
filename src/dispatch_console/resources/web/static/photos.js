// Photos from a phone camera, shrunk before they are sent: the long side to 2048 px as JPEG
// (a 5 MB photo becomes ~0.5 MB on a slow mobile network). Drawing through a canvas also leaves
// the EXIF behind, location included. Used by the customer's and the technician's pages.
(function () {
  "use strict";
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

  window.DispatchPhotos = { shrink: shrink };
})();
