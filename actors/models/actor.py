"""Armed actors, their spellings and who backs them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from actors.choices import ACLED_INTER_CODE, ActorKind, AliasKind, AliasLanguage
from events.extraction.normalize import normalize_name


class ActorQuerySet(models.QuerySet):
    def backed_by(self, backer: Actor, on: date | None = None) -> ActorQuerySet:
        """Actors with a backing by ``backer`` (valid on ``on`` when given)."""
        backings = ActorBacking.objects.filter(backer=backer)
        if on is not None:
            backings = backings.valid_on(on)
        return self.filter(pk__in=backings.values("actor_id"))


class Actor(models.Model):
    """A party to events: a state force, militia, coalition, armed group, or civilians.

    ``parent`` places a unit inside a larger network (a brigade inside a division, a council
    inside the SDF); ``backers`` are other actors (often states) that support it.
    """

    slug = models.SlugField(max_length=120, unique=True)
    name_en = models.CharField("English name", max_length=200)
    name_ar = models.CharField("Arabic name", max_length=200, blank=True)
    kind = models.CharField(max_length=32, choices=ActorKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    backers = models.ManyToManyField(
        "self",
        through="ActorBacking",
        through_fields=("actor", "backer"),
        symmetrical=False,
        related_name="backed_actors",
        blank=True,
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code of the actor's home state.")
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(name="actor_kind_valid", condition=Q(kind__in=ActorKind.values)),
            models.CheckConstraint(name="actor_not_own_parent", condition=~Q(parent=F("pk"))),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def inter_code(self) -> int:
        return ACLED_INTER_CODE[self.kind]

    def clean(self) -> None:
        # Walk up the parent chain: a cycle would make subgroup expansion loop.
        seen = {self.pk}
        node = self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": "This parent would create a cycle of parent groups."})
            seen.add(node.pk)
            node = node.parent

    def descendant_ids(self) -> set[int]:
        """This actor's id and those of all its subgroups, at any depth (one query a level)."""
        found = {self.pk}
        frontier = {self.pk}
        while frontier:
            frontier = set(Actor.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
            found |= frontier
        return found


class ActorAlias(models.Model):
    """Another way of writing an actor's name: a spelling, a translation, an abbreviation or a
    generic description ("الميليشيات المدعومة من إيران"). ``normalized`` is the matching form."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False)
    language = models.CharField(max_length=8, choices=AliasLanguage.choices)
    kind = models.CharField(max_length=16, choices=AliasKind.choices, default=AliasKind.NAME)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "actor aliases"
        ordering = ["actor", "name"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "normalized"], name="actor_alias_unique_per_actor"),
            models.CheckConstraint(
                name="actor_alias_dates_ordered",
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
            ),
        ]
        indexes = [
            # Serves the `actor_q` filter and the editors' alias search: WHERE normalized = ...
            models.Index(fields=["normalized"], name="actor_alias_normalized_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


class ActorBackingQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> ActorBackingQuerySet:
        return self.filter(Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class ActorBacking(models.Model):
    """``backer`` supports ``actor`` (money, arms, command) from ``start`` to ``end``."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="backings")
    backer = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="backing_given")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = ActorBackingQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["actor", "backer", "start"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "backer", "start"], name="actor_backing_unique"),
            models.CheckConstraint(name="actor_backing_not_self", condition=~Q(actor=F("backer"))),
            models.CheckConstraint(
                name="actor_backing_dates_ordered",
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
            ),
        ]
        indexes = [
            # Serves `backed_by`: the actors a given backer supports.
            models.Index(fields=["backer", "actor"], name="actor_backing_backer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.backer} backs {self.actor}"
