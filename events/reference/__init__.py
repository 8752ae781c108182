"""The project's own reference data for places and crossings (JSON files in ``data/``)."""
