"""ACLED's codebook, once: event types, sub-event types, which sub-types belong to which type, and
the geo precision an event gets from the kind of place it is at.

Pure Python (no Django): the extractor types events with these strings, and ``events.choices``
builds the model enumerations from them.
"""

from __future__ import annotations

# Event types (ACLED ``event_type``).
BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# Sub-event types (ACLED ``sub_event_type``).
ARMED_CLASH = "Armed clash"
GOV_REGAINS = "Government regains territory"
NON_STATE_OVERTAKES = "Non-state actor overtakes territory"
CHEMICAL = "Chemical weapon"
AIR = "Air/drone strike"
SUICIDE = "Suicide bomb"
SHELLING = "Shelling/artillery/missile attack"
IED = "Remote explosive/landmine/IED"
GRENADE = "Grenade"
SEXUAL_VIOLENCE = "Sexual violence"
ATTACK = "Attack"
ABDUCTION = "Abduction/forced disappearance"
PEACEFUL = "Peaceful protest"
PROTEST_WITH_INTERVENTION = "Protest with intervention"
EXCESSIVE_FORCE = "Excessive force against protesters"
VIOLENT_DEMONSTRATION = "Violent demonstration"
MOB_VIOLENCE = "Mob violence"
AGREEMENT = "Agreement"
ARRESTS = "Arrests"
CHANGE = "Change to group/activity"
DISRUPTED = "Disrupted weapons use"
HQ = "Headquarters or base established"
LOOTING = "Looting/property destruction"
TRANSFER = "Non-violent transfer of territory"
OTHER = "Other"

SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: (ARMED_CLASH, GOV_REGAINS, NON_STATE_OVERTAKES),
    EXPLOSIONS: (CHEMICAL, AIR, SUICIDE, SHELLING, IED, GRENADE),
    VAC: (SEXUAL_VIOLENCE, ATTACK, ABDUCTION),
    PROTESTS: (PEACEFUL, PROTEST_WITH_INTERVENTION, EXCESSIVE_FORCE),
    RIOTS: (VIOLENT_DEMONSTRATION, MOB_VIOLENCE),
    STRATEGIC: (AGREEMENT, ARRESTS, CHANGE, DISRUPTED, HQ, LOOTING, TRANSFER, OTHER),
}

# The geo precision of an event placed at a location of each kind.
GEO_PRECISION_BY_KIND: dict[str, str] = {
    "country": "country",
    "governorate": "governorate",
    "district": "district",
    "subdistrict": "subdistrict",
    "town": "town",
    "neighbourhood": "town",
    "site": "site",
    "region": "district",
}
