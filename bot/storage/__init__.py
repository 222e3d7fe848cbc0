"""SQLAlchemy: tables, engine and sessions, loading offer files into the database, read queries on the offer."""
