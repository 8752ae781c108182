from events.models.articles import Article
from events.models.audit import AuditAction, EventAuditEntry
from events.models.crossings import Crossing, CrossingAlias, CrossingControl
from events.models.events import Event, EventActor, EventSource, Evidence
from events.models.layers import MapLayer, MapLayerKind
from events.models.locations import Location, LocationAlias
from events.models.meta import DataVersion, DictionaryVersion
from events.models.unresolved import UnresolvedPlace, UnresolvedPlaceArticle, UnresolvedStatus

__all__ = [
    "Article",
    "AuditAction",
    "Crossing",
    "CrossingAlias",
    "CrossingControl",
    "DataVersion",
    "DictionaryVersion",
    "Event",
    "EventActor",
    "EventAuditEntry",
    "EventSource",
    "Evidence",
    "Location",
    "LocationAlias",
    "MapLayer",
    "MapLayerKind",
    "UnresolvedPlace",
    "UnresolvedPlaceArticle",
    "UnresolvedStatus",
]
