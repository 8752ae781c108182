"""The editors' desk: every model of the project in the Django admin.

``events`` holds the review queue and the event page, ``places`` the gazetteer and crossings,
``articles`` the submitted reports, ``unresolved`` the place names to resolve; the actors
dictionary lives in ``actors/admin.py``.
"""

from events.admin import articles, events, places, unresolved  # noqa: F401  (registers the admins)
