"""Enumerations for places, crossings, articles and events.

Event types and sub-types are ACLED's (codebook 2023+), so exports line up with ACLED data; their
names, and the geo precision for each kind of place, come from ``events.extraction.codebook``,
which the extractor uses too.
"""

from django.db import models

from events.extraction import codebook


class EventType(models.TextChoices):
    BATTLES = codebook.BATTLES, codebook.BATTLES
    EXPLOSIONS = codebook.EXPLOSIONS, codebook.EXPLOSIONS
    VIOLENCE_AGAINST_CIVILIANS = codebook.VAC, codebook.VAC
    PROTESTS = codebook.PROTESTS, codebook.PROTESTS
    RIOTS = codebook.RIOTS, codebook.RIOTS
    STRATEGIC_DEVELOPMENTS = codebook.STRATEGIC, codebook.STRATEGIC


class SubEventType(models.TextChoices):
    ARMED_CLASH = codebook.ARMED_CLASH, codebook.ARMED_CLASH
    GOVERNMENT_REGAINS_TERRITORY = codebook.GOV_REGAINS, codebook.GOV_REGAINS
    NON_STATE_OVERTAKES_TERRITORY = codebook.NON_STATE_OVERTAKES, codebook.NON_STATE_OVERTAKES
    CHEMICAL_WEAPON = codebook.CHEMICAL, codebook.CHEMICAL
    AIR_DRONE_STRIKE = codebook.AIR, codebook.AIR
    SUICIDE_BOMB = codebook.SUICIDE, codebook.SUICIDE
    SHELLING = codebook.SHELLING, codebook.SHELLING
    REMOTE_EXPLOSIVE = codebook.IED, codebook.IED
    GRENADE = codebook.GRENADE, codebook.GRENADE
    SEXUAL_VIOLENCE = codebook.SEXUAL_VIOLENCE, codebook.SEXUAL_VIOLENCE
    ATTACK = codebook.ATTACK, codebook.ATTACK
    ABDUCTION = codebook.ABDUCTION, codebook.ABDUCTION
    PEACEFUL_PROTEST = codebook.PEACEFUL, codebook.PEACEFUL
    PROTEST_WITH_INTERVENTION = codebook.PROTEST_WITH_INTERVENTION, codebook.PROTEST_WITH_INTERVENTION
    EXCESSIVE_FORCE = codebook.EXCESSIVE_FORCE, codebook.EXCESSIVE_FORCE
    VIOLENT_DEMONSTRATION = codebook.VIOLENT_DEMONSTRATION, codebook.VIOLENT_DEMONSTRATION
    MOB_VIOLENCE = codebook.MOB_VIOLENCE, codebook.MOB_VIOLENCE
    AGREEMENT = codebook.AGREEMENT, codebook.AGREEMENT
    ARRESTS = codebook.ARRESTS, codebook.ARRESTS
    CHANGE_TO_GROUP = codebook.CHANGE, codebook.CHANGE
    DISRUPTED_WEAPONS_USE = codebook.DISRUPTED, codebook.DISRUPTED
    HEADQUARTERS_OR_BASE_ESTABLISHED = codebook.HQ, codebook.HQ
    LOOTING = codebook.LOOTING, codebook.LOOTING
    NON_VIOLENT_TRANSFER = codebook.TRANSFER, codebook.TRANSFER
    OTHER = codebook.OTHER, codebook.OTHER


# Which sub-types belong to which type (ACLED's codebook, events.extraction.codebook).
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    EventType(event_type): tuple(SubEventType(sub) for sub in subs)
    for event_type, subs in codebook.SUB_EVENT_TYPES.items()
}

# ACLED's disorder type for each event type.
DISORDER_TYPE: dict[str, str] = {
    EventType.BATTLES: "Political violence",
    EventType.EXPLOSIONS: "Political violence",
    EventType.VIOLENCE_AGAINST_CIVILIANS: "Political violence",
    EventType.PROTESTS: "Demonstrations",
    EventType.RIOTS: "Demonstrations",
    EventType.STRATEGIC_DEVELOPMENTS: "Strategic developments",
}


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    UNKNOWN = "unknown", "Unknown"


# ACLED time_precision: 1 day, 2 week, 3 month.
ACLED_TIME_PRECISION = {DatePrecision.DAY: 1, DatePrecision.WEEK: 2, DatePrecision.MONTH: 3, DatePrecision.UNKNOWN: 3}


class GeoPrecision(models.TextChoices):
    SITE = "site", "Site (base, field, crossing)"
    TOWN = "town", "Town or village"
    SUBDISTRICT = "subdistrict", "Sub-district"
    DISTRICT = "district", "District or countryside"
    GOVERNORATE = "governorate", "Governorate"
    COUNTRY = "country", "Country"


# ACLED geo_precision: 1 exact town, 2 near/part of region, 3 provincial or larger.
ACLED_GEO_PRECISION = {
    GeoPrecision.SITE: 1,
    GeoPrecision.TOWN: 1,
    GeoPrecision.SUBDISTRICT: 2,
    GeoPrecision.DISTRICT: 2,
    GeoPrecision.GOVERNORATE: 3,
    GeoPrecision.COUNTRY: 3,
}


class LocationKind(models.TextChoices):
    COUNTRY = "country", "Country"
    GOVERNORATE = "governorate", "Governorate"
    DISTRICT = "district", "District"
    SUBDISTRICT = "subdistrict", "Sub-district"
    TOWN = "town", "Town or village"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
    SITE = "site", "Site (base, oil field, station, roundabout)"
    REGION = "region", "Informal region (countryside, desert)"


# The geo precision an event gets when it is placed at a location of a given kind.
GEO_PRECISION_FOR_KIND = {
    LocationKind(kind): GeoPrecision(precision) for kind, precision in codebook.GEO_PRECISION_BY_KIND.items()
}


class CrossingKind(models.TextChoices):
    RIVER = "river", "River crossing or ferry"
    BRIDGE = "bridge", "Bridge"
    BORDER = "border", "Border crossing"
    SMUGGLING = "smuggling", "Smuggling crossing"


class ArticleStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    PROCESSING = "processing", "Processing"
    PROCESSED = "processed", "Processed"
    FAILED = "failed", "Failed"


class Language(models.TextChoices):
    ARABIC = "ar", "Arabic"
    ENGLISH = "en", "English"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    MERGED = "merged", "Merged"


class ActorRole(models.TextChoices):
    SIDE_A = "side_a", "Side A"
    SIDE_B = "side_b", "Side B"
    ASSOCIATED = "associated", "Associated"
