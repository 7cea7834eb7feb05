"""The dispatch map: a Leaflet page built once by folium, served from our own URL scheme, and
driven by JSON messages over one QWebChannel bridge. Nothing is fetched from other hosts unless
the tile URL says so, and offline mode blocks even that."""
