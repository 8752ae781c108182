"""Bump the dictionary version whenever editors change names, so extractors reload them."""

from django.db.models.signals import post_delete, post_save

from actors.models import Actor, ActorAlias, ActorBacking
from events.models import Crossing, CrossingAlias, Location, LocationAlias
from events.services.dictionary import bump_dictionary_version

_WATCHED = (Actor, ActorAlias, ActorBacking, Location, LocationAlias, Crossing, CrossingAlias)


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    bump_dictionary_version()


for _model in _WATCHED:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"dictionary-version-save-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"dictionary-version-delete-{_model.__name__}")
