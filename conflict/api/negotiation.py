"""Content negotiation that answers 406 for a format the endpoint does not have.

DRF's own answers 404 for an unknown ``format`` (``?format=xml``), which reads as "no such
resource"; the resource exists, only not in that format, and the message lists the ones it has.
"""

from __future__ import annotations

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            known = ", ".join(sorted({renderer.format for renderer in renderers if renderer.format != "api"}))
            raise NotAcceptable(f"No format {format!r} here; use one of: {known}.")
        return matching
