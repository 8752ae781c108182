"""The project's own reference data for actors (JSON files in ``data/``)."""
