"""dispatch-server: the REST API, authentication, live events, PBX and GPS ingestion."""
