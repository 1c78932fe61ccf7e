"""Stegvis storage: SQLAlchemy models, repositories implementing the flows' ports, migrations."""
