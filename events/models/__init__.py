from events.models.articles import Article
from events.models.crossings import Crossing, CrossingAlias, CrossingControl
from events.models.events import Event, EventActor, EventSource, Evidence
from events.models.locations import Location, LocationAlias
from events.models.meta import DictionaryVersion

__all__ = [
    "Article",
    "Crossing",
    "CrossingAlias",
    "CrossingControl",
    "DictionaryVersion",
    "Event",
    "EventActor",
    "EventSource",
    "Evidence",
    "Location",
    "LocationAlias",
]
