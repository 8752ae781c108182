"""Bookkeeping rows that are not domain objects."""

from django.db import models


class DictionaryVersion(models.Model):
    """A single row whose ``version`` grows whenever actor, place or crossing names change."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(name="dictionary_version_single_row", condition=models.Q(pk=1))]

    def __str__(self) -> str:
        return f"dictionary version {self.version}"
