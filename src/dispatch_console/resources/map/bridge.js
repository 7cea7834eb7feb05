/* The dispatch map page: draws what Python sends over the QWebChannel bridge and reports what
   the agent clicks. Messages are JSON objects with a "type"; nothing here is generated code.
   Coordinates arrive already converted to the datum the tiles are drawn in. */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("dispatch-config").textContent);
  const STATUS_COLOURS = {
    available: "#2e7d32",
    en_route: "#1565c0",
    on_site: "#6a1b9a",
    busy: "#ef6c00",
    off_duty: "#9e9e9e",
  };
  const STALE_COLOUR = "#bdbdbd";
  const RISK_COLOURS = {
    breached: "#c62828",
    at_risk: "#ef6c00",
    ok: "#1e88e5",
    paused: "#757575",
    met: "#9e9e9e",
    met_late: "#9e9e9e",
  };
  const PRIORITY_RADIUS = { critical: 9, high: 8, normal: 6, low: 5 };

  let labels = { ago: "%1 min ago" };
  let staleAfterMs = 15 * 60 * 1000;
  let map = null;
  let bridge = null;
  let renderer = null;
  let techLayer = null;
  let ticketLayer = null;
  let selectionLayer = null;
  const technicians = new Map(); // id -> circle marker
  // tiles: a server that refuses shows in a few errors; one that never answers in the patience
  const TILE_PATIENCE_MS = 10000;
  const tiles = { loaded: 0, errors: 0, down: false };
  let offlineLayer = null;
  let notice = null;
  const tickets = new Map();

  function send(message) {
    bridge.fromPage(JSON.stringify(message));
  }

  function techStyle(t) {
    return {
      renderer: renderer,
      radius: 7,
      color: "#ffffff",
      weight: 2,
      fillColor: t.stale ? STALE_COLOUR : STATUS_COLOURS[t.status] || "#616161",
      fillOpacity: t.stale ? 0.7 : 0.95,
    };
  }

  function ticketStyle(t) {
    return {
      renderer: renderer,
      radius: PRIORITY_RADIUS[t.priority] || 6,
      color: "#263238",
      weight: 1,
      fillColor: RISK_COLOURS[t.risk] || RISK_COLOURS.ok,
      fillOpacity: 0.85,
    };
  }

  function isStale(t) {
    return !t.fix_at || Date.now() - t.fix_at > staleAfterMs;
  }

  // Names and categories come from the database: shown as text, never parsed as HTML (Leaflet
  // puts a string tooltip in with innerHTML; an element goes in as it is).
  function text(value) {
    const span = document.createElement("span");
    span.textContent = String(value);
    return span;
  }

  function techTooltip(layer) {
    const t = layer.dispatch;
    if (!t.fix_at) return text(t.name);
    const minutes = Math.max(0, Math.round((Date.now() - t.fix_at) / 60000));
    return text(t.name + " · " + labels.ago.replace("%1", String(minutes)));
  }

  function addTechnician(t) {
    t.stale = isStale(t);
    const marker = L.circleMarker([t.lat, t.lon], techStyle(t));
    marker.dispatch = t;
    marker.bindTooltip(techTooltip, { direction: "top" });
    marker.on("click", function (e) {
      L.DomEvent.stopPropagation(e);
      send({ type: "technician_clicked", id: t.id });
    });
    technicians.set(t.id, marker);
    return marker;
  }

  function setTechnicians(message) {
    const started = performance.now();
    if (message.labels) labels = message.labels;
    if (message.stale_after_ms) staleAfterMs = message.stale_after_ms;
    techLayer.clearLayers();
    technicians.clear();
    for (const t of message.items) techLayer.addLayer(addTechnician(t));
    applied("technicians", message.items.length, started);
  }

  function moveTechnicians(message) {
    const started = performance.now();
    for (const p of message.items) {
      const marker = technicians.get(p.id);
      if (marker === undefined) continue;
      if (p.lat !== undefined) marker.setLatLng([p.lat, p.lon]);
      Object.assign(marker.dispatch, p);
      const stale = isStale(marker.dispatch);
      if (p.status !== undefined || stale !== marker.dispatch.stale) {
        marker.dispatch.stale = stale;
        marker.setStyle(techStyle(marker.dispatch));
      }
    }
    applied("positions", message.items.length, started);
  }

  function setTickets(message) {
    const started = performance.now();
    ticketLayer.clearLayers();
    tickets.clear();
    const layers = message.items.map(function (t) {
      const marker = L.circleMarker([t.lat, t.lon], ticketStyle(t));
      marker.dispatch = t;
      marker.bindTooltip(text(t.label), { direction: "top" });
      marker.on("click", function (e) {
        L.DomEvent.stopPropagation(e);
        send({ type: "ticket_clicked", id: t.id });
      });
      tickets.set(t.id, marker);
      return marker;
    });
    ticketLayer.addLayers(layers);
    applied("tickets", message.items.length, started);
  }

  function select(message) {
    selectionLayer.clearLayers();
    const site = message.site;
    if (!site) return;
    L.circleMarker([site.lat, site.lon], {
      renderer: renderer,
      radius: 14,
      color: "#d81b60",
      weight: 3,
      fill: false,
    }).addTo(selectionLayer);
    for (const c of message.candidates || []) {
      L.polyline(
        [
          [site.lat, site.lon],
          [c.lat, c.lon],
        ],
        { renderer: renderer, color: "#d81b60", weight: c.rank === 1 ? 4 : 2, dashArray: "6 6" }
      )
        .bindTooltip(text(c.rank), { permanent: true, direction: "center" })
        .addTo(selectionLayer);
    }
    if (message.pan) {
      const points = [[site.lat, site.lon]].concat(
        (message.candidates || []).map(function (c) {
          return [c.lat, c.lon];
        })
      );
      if (points.length > 1) map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 15 });
      else map.panTo([site.lat, site.lon]);
    }
  }

  function applied(kind, count, started) {
    send({ type: "applied", kind: kind, count: count, ms: performance.now() - started });
    // Leaflet redraws its canvas in the next animation frame, before this callback runs
    window.requestAnimationFrame(function () {
      send({ type: "painted", kind: kind, count: count, ms: performance.now() - started });
    });
  }

  // the view takes in every technician (the live board: the whole fleet at a glance)
  function fitTechnicians() {
    const started = performance.now();
    const points = Array.from(technicians.values(), function (m) {
      return m.getLatLng();
    });
    if (points.length > 1) map.fitBounds(L.latLngBounds(points).pad(0.1), { maxZoom: 14 });
    else if (points.length === 1) map.setView(points[0], 13);
    applied("fit", points.length, started);
  }

  // The tile server did not answer: say so in words, and draw the built-in base layer (land,
  // water, the municipality's border, district names), so the markers have something under them.
  function tilesFailed() {
    if (tiles.down || tiles.loaded) return;
    tiles.down = true;
    sendWhenReady({ type: "tiles_failed", errors: tiles.errors });
  }

  // land on a water-coloured background, then rivers and lakes, then the municipality's border
  const BASEMAP_STYLES = {
    land: { color: "#b0a99f", weight: 1, fillColor: "#f2efe9", fillOpacity: 1 },
    water: { stroke: false, fillColor: "#aad3df", fillOpacity: 1 },
    border: { color: "#9575cd", weight: 1.5, dashArray: "6 4", opacity: 0.8 },
  };

  function showBasemap(message) {
    const started = performance.now();
    if (notice === null) {
      notice = document.createElement("div");
      notice.id = "dispatch-tiles-notice";
      notice.setAttribute("role", "status");
      notice.style.cssText =
        "position:absolute;top:8px;left:50%;transform:translateX(-50%);z-index:1000;" +
        "background:rgba(255,255,255,0.92);border:1px solid #b0a99f;border-radius:4px;" +
        "padding:4px 10px;font:13px sans-serif;color:#37474f;pointer-events:none;max-width:80%";
      map.getContainer().appendChild(notice);
      const style = document.createElement("style"); // district names: quiet map labels
      style.textContent =
        ".dispatch-district{background:transparent;border:none;box-shadow:none;" +
        "color:#607d8b;font:12px sans-serif;padding:0}.dispatch-district:before{display:none}";
      document.head.appendChild(style);
    }
    notice.textContent = message.notice; // words from Python: text, never markup
    map.getContainer().style.background = "#aad3df";
    if (offlineLayer === null && message.geojson) {
      // its own pane between the (absent) tiles and the markers, drawn in the file's order:
      // a group's bringToBack() would send each layer back in turn and bury the water under land
      if (!map.getPane("dispatch-basemap")) map.createPane("dispatch-basemap").style.zIndex = 250;
      const below = L.canvas({ pane: "dispatch-basemap" });
      offlineLayer = L.geoJSON(message.geojson, {
        pane: "dispatch-basemap",
        renderer: below,
        interactive: false, // clicks go through to the map, as they do on tiles
        attribution: message.attribution,
        style: function (feature) {
          return BASEMAP_STYLES[feature.properties.kind] || BASEMAP_STYLES.land;
        },
        pointToLayer: function (feature, at) {
          return L.circleMarker(at, { renderer: below, interactive: false, radius: 2, color: "#78909c", weight: 1 })
            .bindTooltip(text(feature.properties.name), {
              permanent: true,
              direction: "right",
              className: "dispatch-district",
            });
        },
      }).addTo(map);
      // no tile of the provider is shown: credit what is, not it (back with its tiles)
      tileCredits(false);
    }
    applied("basemap", offlineLayer ? offlineLayer.getLayers().length : 0, started);
  }

  function tileCredits(shown) {
    if (!map.attributionControl) return;
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.TileLayer) || !layer.getAttribution()) return;
      if (shown) map.attributionControl.addAttribution(layer.getAttribution());
      else map.attributionControl.removeAttribution(layer.getAttribution());
    });
  }

  function tilesBack() {
    if (!tiles.down) return;
    tiles.down = false;
    if (offlineLayer !== null) tileCredits(true);
    if (notice !== null) notice.remove();
    notice = null;
    if (offlineLayer !== null) map.removeLayer(offlineLayer);
    offlineLayer = null;
    map.getContainer().style.background = "";
    sendWhenReady({ type: "tiles_back" });
  }

  function watchTiles() {
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.TileLayer)) return;
      layer.on("tileload", function () {
        tiles.loaded += 1;
        tilesBack();
      });
      layer.on("tileerror", function () {
        tiles.errors += 1;
        if (tiles.errors >= 2) tilesFailed();
      });
    });
    window.setTimeout(tilesFailed, TILE_PATIENCE_MS);
  }

  const early = [];
  function sendWhenReady(message) {
    if (bridge === null) early.push(message);
    else send(message);
  }

  const handlers = {
    basemap: showBasemap,
    technicians: setTechnicians,
    positions: moveTechnicians,
    tickets: setTickets,
    select: select,
    fit: fitTechnicians,
  };

  function onMessage(text) {
    const message = JSON.parse(text);
    const handler = handlers[message.type];
    if (handler) handler(message);
  }

  // What tests and benchmarks read back from the page (the DOM of a canvas map is pixels).
  window.dispatchMap = {
    // a marker's tooltip as the agent would see it when hovering (opened if it can be)
    tooltip: function (kind, id) {
      const m = (kind === "ticket" ? tickets : technicians).get(id);
      if (m === undefined) return null;
      if (m._map) m.openTooltip();
      let c = m.getTooltip().getContent();
      if (typeof c === "function") c = c(m);
      return typeof c === "string" ? { html: c, text: null } : { html: c.outerHTML, text: c.textContent };
    },
    technician: function (id) {
      const m = technicians.get(id);
      if (m === undefined) return null;
      const at = m.getLatLng();
      return { lat: at.lat, lon: at.lng, fill: m.options.fillColor };
    },
    view: function () {
      const b = map.getBounds();
      return { south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() };
    },
    offline: function () {
      return {
        notice: notice === null ? null : notice.textContent,
        layers: offlineLayer === null ? 0 : offlineLayer.getLayers().length,
        attribution: offlineLayer === null ? null : offlineLayer.getAttribution(),
        tiles: tiles,
      };
    },
    basemapLayers: function () {
      return offlineLayer === null ? [] : offlineLayer.getLayers().map((l) => l.feature.properties.kind);
    },
    district: function (name) {
      if (offlineLayer === null) return null;
      const found = offlineLayer.getLayers().find((l) => l.feature.properties.name === name);
      if (found === undefined) return null;
      const at = found.getLatLng();
      return { lat: at.lat, lon: at.lng };
    },
    counts: function () {
      return { technicians: technicians.size, tickets: tickets.size, selection: selectionLayer.getLayers().length };
    },
    clickTechnician: function (id) {
      technicians.get(id).fire("click");
    },
    clickTicket: function (id) {
      tickets.get(id).fire("click");
    },
    clickMap: function (lat, lon) {
      map.fire("click", { latlng: L.latLng(lat, lon) });
    },
  };

  // a position that nobody updates grows old: grey it without waiting for Python
  function regreyStale() {
    for (const marker of technicians.values()) {
      const stale = isStale(marker.dispatch);
      if (stale !== marker.dispatch.stale) {
        marker.dispatch.stale = stale;
        marker.setStyle(techStyle(marker.dispatch));
      }
    }
  }

  function start() {
    map = window[config.map];
    if (!map || typeof QWebChannel === "undefined" || !window.qt) {
      window.setTimeout(start, 5);
      return;
    }
    renderer = L.canvas({ padding: 0.5 });
    ticketLayer = L.markerClusterGroup({
      chunkedLoading: true,
      disableClusteringAtZoom: 15,
      spiderfyOnMaxZoom: false,
      showCoverageOnHover: false,
    }).addTo(map);
    techLayer = L.layerGroup().addTo(map);
    selectionLayer = L.layerGroup().addTo(map);
    map.on("click", function (e) {
      send({ type: "map_clicked", lat: e.latlng.lat, lon: e.latlng.lng });
    });
    window.setInterval(regreyStale, 30000);
    watchTiles();
    new QWebChannel(qt.webChannelTransport, function (channel) {
      bridge = channel.objects.bridge;
      bridge.toPage.connect(onMessage);
      send({ type: "ready" });
      for (const message of early.splice(0)) send(message);
    });
  }

  start();
})();
