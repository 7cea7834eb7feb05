"""Travel times by road from a route service the company runs or rents (OSRM, Valhalla)."""
