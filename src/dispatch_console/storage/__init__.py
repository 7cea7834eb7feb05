"""SQLAlchemy implementation of the storage ports: SQLite embedded, PostgreSQL shared."""
