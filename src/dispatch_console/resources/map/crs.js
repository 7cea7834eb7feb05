/* Baidu's tiles are not Web Mercator. Baidu projects its BD-09 coordinates with a Mercator on
   the Clarke 1866 ellipsoid (matches Baidu's own BD09MC to about a metre across China), one
   unit per pixel at zoom 18, and numbers tile rows upward from the equator. Loaded before the
   map is made, so folium can name this CRS as `L.CRS.BD09MC`. */
(function () {
  "use strict";
  const CLARKE_1866 = { R: 6378206, R_MINOR: 6356584.314245179 };
  const projection = L.extend({}, L.Projection.Mercator, CLARKE_1866, {
    bounds: L.bounds([-20037726.37, -12474104.17], [20037726.37, 12474104.17]),
  });
  L.CRS.BD09MC = L.extend({}, L.CRS.Earth, {
    code: "BD09MC",
    projection: projection,
    transformation: new L.Transformation(1, 0, -1, 0),
    scale: function (zoom) {
      return Math.pow(2, zoom - 18);
    },
    zoom: function (scale) {
      return Math.log(scale) / Math.LN2 + 18;
    },
  });
  const xyz = L.TileLayer.prototype.getTileUrl;
  L.TileLayer.include({
    getTileUrl: function (coords) {
      if (!this._map || this._map.options.crs !== L.CRS.BD09MC) {
        return xyz.call(this, coords);
      }
      const baidu = L.point(coords.x, -coords.y - 1); // Leaflet counts rows downward
      baidu.z = coords.z;
      return xyz.call(this, baidu);
    },
  });
})();
