"""Actors as consumers read them: names, kind, ACLED inter code, parent, backers."""

from __future__ import annotations

from rest_framework import serializers

from actors.choices import ACLED_INTER_CODE, ActorKind, AliasKind, AliasLanguage


class ActorLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.SlugField()
    name = serializers.CharField(source="name_en")
    name_ar = serializers.CharField()


class BackingSerializer(serializers.Serializer):
    backer = ActorLinkSerializer()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class BackedSerializer(serializers.Serializer):
    actor = ActorLinkSerializer()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class ActorAliasSerializer(serializers.Serializer):
    name = serializers.CharField()
    language = serializers.ChoiceField(choices=AliasLanguage.choices)
    kind = serializers.ChoiceField(choices=AliasKind.choices)
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.SlugField()
    name = serializers.CharField(source="name_en")
    name_ar = serializers.CharField()
    kind = serializers.ChoiceField(choices=ActorKind.choices)
    inter = serializers.SerializerMethodField(help_text="ACLED inter code of the kind.")
    country = serializers.CharField()
    active = serializers.BooleanField()
    parent = ActorLinkSerializer(allow_null=True)
    backers = BackingSerializer(many=True, source="backings.all", help_text="Who backs this actor, and when.")

    def get_inter(self, actor) -> int:
        return ACLED_INTER_CODE.get(actor.kind, 8)


class EventCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Approved events of this actor.")
    by_role = serializers.DictField(child=serializers.IntegerField(), help_text="side_a / side_b / associated.")
    with_subgroups = serializers.IntegerField(help_text="Approved events of this actor or any subgroup.")


class ActorDetailSerializer(ActorSerializer):
    description = serializers.CharField()
    aliases = ActorAliasSerializer(many=True, source="aliases.all")
    children = ActorLinkSerializer(many=True, source="children.all", help_text="Direct subgroups.")
    backs = BackedSerializer(many=True, source="backing_given.all", help_text="Actors this one backs.")
    event_counts = EventCountsSerializer()
