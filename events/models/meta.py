"""Bookkeeping rows that are not domain objects."""

from django.db import models


class DictionaryVersion(models.Model):
    """A single row whose ``version`` grows whenever actor, place or crossing names change."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(name="dictionary_version_single_row", condition=models.Q(pk=1))]

    def __str__(self) -> str:
        return f"dictionary version {self.version}"


class DataVersion(models.Model):
    """A single row that names the state of everything the read API shows.

    Database triggers (migration ``0004_data_version``) bump it in the transaction of every
    committed change to events, their actors, sources, evidence and audit entries, places,
    crossings, actors, aliases and backings, and to the article fields an event shows, whatever
    wrote it (a service, the admin, a bulk update or raw SQL). ``version`` moves with every such
    change; ``public_version`` only with those consumers can see (reference data, and events
    that are or were approved, with their parts), so pending events written by the ingestion do
    not touch it. ``epoch`` is new whenever the row is created again (a new database, a
    truncated table), so an epoch and a number never name two states. The read API keys its
    page cache on them (``events.api.cache``).
    """

    epoch = models.CharField(max_length=36)
    version = models.PositiveBigIntegerField(default=0)
    public_version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(name="data_version_single_row", condition=models.Q(pk=1))]

    def __str__(self) -> str:
        return f"data version {self.epoch}:{self.version}/{self.public_version}"
