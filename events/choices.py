"""Enumerations for places, crossings, articles and events.

Event types and sub-types are ACLED's (codebook 2023+), so exports line up with ACLED data.
"""

from django.db import models


class EventType(models.TextChoices):
    BATTLES = "Battles", "Battles"
    EXPLOSIONS = "Explosions/Remote violence", "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians", "Violence against civilians"
    PROTESTS = "Protests", "Protests"
    RIOTS = "Riots", "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments", "Strategic developments"


class SubEventType(models.TextChoices):
    ARMED_CLASH = "Armed clash", "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory", "Government regains territory"
    NON_STATE_OVERTAKES_TERRITORY = "Non-state actor overtakes territory", "Non-state actor overtakes territory"
    CHEMICAL_WEAPON = "Chemical weapon", "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike", "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb", "Suicide bomb"
    SHELLING = "Shelling/artillery/missile attack", "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED", "Remote explosive/landmine/IED"
    GRENADE = "Grenade", "Grenade"
    SEXUAL_VIOLENCE = "Sexual violence", "Sexual violence"
    ATTACK = "Attack", "Attack"
    ABDUCTION = "Abduction/forced disappearance", "Abduction/forced disappearance"
    PEACEFUL_PROTEST = "Peaceful protest", "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention", "Protest with intervention"
    EXCESSIVE_FORCE = "Excessive force against protesters", "Excessive force against protesters"
    VIOLENT_DEMONSTRATION = "Violent demonstration", "Violent demonstration"
    MOB_VIOLENCE = "Mob violence", "Mob violence"
    AGREEMENT = "Agreement", "Agreement"
    ARRESTS = "Arrests", "Arrests"
    CHANGE_TO_GROUP = "Change to group/activity", "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use", "Disrupted weapons use"
    HEADQUARTERS_OR_BASE_ESTABLISHED = "Headquarters or base established", "Headquarters or base established"
    LOOTING = "Looting/property destruction", "Looting/property destruction"
    NON_VIOLENT_TRANSFER = "Non-violent transfer of territory", "Non-violent transfer of territory"
    OTHER = "Other", "Other"


# Which sub-types belong to which type (ACLED's codebook).
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    EventType.BATTLES: (
        SubEventType.ARMED_CLASH,
        SubEventType.GOVERNMENT_REGAINS_TERRITORY,
        SubEventType.NON_STATE_OVERTAKES_TERRITORY,
    ),
    EventType.EXPLOSIONS: (
        SubEventType.CHEMICAL_WEAPON,
        SubEventType.AIR_DRONE_STRIKE,
        SubEventType.SUICIDE_BOMB,
        SubEventType.SHELLING,
        SubEventType.REMOTE_EXPLOSIVE,
        SubEventType.GRENADE,
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: (
        SubEventType.SEXUAL_VIOLENCE,
        SubEventType.ATTACK,
        SubEventType.ABDUCTION,
    ),
    EventType.PROTESTS: (
        SubEventType.PEACEFUL_PROTEST,
        SubEventType.PROTEST_WITH_INTERVENTION,
        SubEventType.EXCESSIVE_FORCE,
    ),
    EventType.RIOTS: (SubEventType.VIOLENT_DEMONSTRATION, SubEventType.MOB_VIOLENCE),
    EventType.STRATEGIC_DEVELOPMENTS: (
        SubEventType.AGREEMENT,
        SubEventType.ARRESTS,
        SubEventType.CHANGE_TO_GROUP,
        SubEventType.DISRUPTED_WEAPONS_USE,
        SubEventType.HEADQUARTERS_OR_BASE_ESTABLISHED,
        SubEventType.LOOTING,
        SubEventType.NON_VIOLENT_TRANSFER,
        SubEventType.OTHER,
    ),
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
    LocationKind.COUNTRY: GeoPrecision.COUNTRY,
    LocationKind.GOVERNORATE: GeoPrecision.GOVERNORATE,
    LocationKind.DISTRICT: GeoPrecision.DISTRICT,
    LocationKind.SUBDISTRICT: GeoPrecision.SUBDISTRICT,
    LocationKind.TOWN: GeoPrecision.TOWN,
    LocationKind.NEIGHBOURHOOD: GeoPrecision.TOWN,
    LocationKind.SITE: GeoPrecision.SITE,
    LocationKind.REGION: GeoPrecision.DISTRICT,
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
