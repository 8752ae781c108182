from actors.models.actor import Actor, ActorAlias, ActorBacking

__all__ = ["Actor", "ActorAlias", "ActorBacking"]
