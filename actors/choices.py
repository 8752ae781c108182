"""Enumerations for actors."""

from django.db import models


class ActorKind(models.TextChoices):
    STATE_FORCE = "state_force", "State force"
    FOREIGN_STATE_FORCE = "foreign_state_force", "Foreign state force"
    PRO_GOVERNMENT_MILITIA = "pro_government_militia", "Pro-government militia"
    FOREIGN_BACKED_MILITIA = "foreign_backed_militia", "Foreign-backed militia"
    REBEL_GROUP = "rebel_group", "Rebel group"
    JIHADIST_GROUP = "jihadist_group", "Jihadist group"
    KURDISH_LED_FORCE = "kurdish_led_force", "Kurdish-led force"
    COALITION = "coalition", "Coalition"
    TRIBAL_FORCE = "tribal_force", "Tribal force"
    PROTESTERS = "protesters", "Protesters"
    RIOTERS = "rioters", "Rioters"
    CIVILIANS = "civilians", "Civilians"
    OTHER = "other", "Other"


# ACLED "inter" codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity
# militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
ACLED_INTER_CODE: dict[str, int] = {
    ActorKind.STATE_FORCE: 1,
    ActorKind.FOREIGN_STATE_FORCE: 8,
    ActorKind.PRO_GOVERNMENT_MILITIA: 3,
    ActorKind.FOREIGN_BACKED_MILITIA: 3,
    ActorKind.REBEL_GROUP: 2,
    ActorKind.JIHADIST_GROUP: 2,
    ActorKind.KURDISH_LED_FORCE: 2,
    ActorKind.COALITION: 8,
    ActorKind.TRIBAL_FORCE: 4,
    ActorKind.RIOTERS: 5,
    ActorKind.PROTESTERS: 6,
    ActorKind.CIVILIANS: 7,
    ActorKind.OTHER: 8,
}


class AliasLanguage(models.TextChoices):
    ARABIC = "ar", "Arabic"
    ENGLISH = "en", "English"
    OTHER = "other", "Other"


class AliasKind(models.TextChoices):
    NAME = "name", "Name or spelling variant"
    ABBREVIATION = "abbreviation", "Abbreviation"
    DESCRIPTION = "description", "Generic description"
