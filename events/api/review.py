"""Editors' review actions on the API: approve, reject, merge (POST only, editors only).

Each view parses the body, calls one service from ``events.services.review`` and answers with
the event id and its new status, plus the event itself in the public detail shape. Rule
violations come back in the one error shape (400), non-editors get 403.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from conflict.api.params import UNKNOWN
from conflict.api.permissions import IsEditor
from conflict.api.schema import ERROR_REF as ERROR_RESPONSE
from events.api.serializers import EventDetailSerializer
from events.models import Event
from events.selectors import with_event_relations
from events.services.review import event_approve, event_reject, events_merge


class ApproveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class MergeSerializer(serializers.Serializer):
    others = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=50, help_text="Ids of the duplicates."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


DecisionSerializer = inline_serializer(
    name="ReviewDecision",
    fields={
        "id": serializers.IntegerField(),
        "review_status": serializers.CharField(),
        "merged": serializers.ListField(child=serializers.IntegerField(), required=False),
        "event": EventDetailSerializer(),
    },
)


def _decision(request, event: Event, **extra) -> Response:
    fresh = with_event_relations(Event.objects.filter(pk=event.pk), detail=True).get()
    body = {"id": fresh.pk, "review_status": fresh.review_status, **extra}
    body["event"] = EventDetailSerializer(fresh, context={"request": request}).data
    return Response(body, status=status.HTTP_200_OK)


class _ReviewAction(APIView):
    permission_classes = [IsEditor]
    body_serializer: type[serializers.Serializer]

    def _body(self, request) -> dict:
        serializer = self.body_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class EventApproveView(_ReviewAction):
    body_serializer = ApproveSerializer

    @extend_schema(
        request=ApproveSerializer,
        responses={
            200: DecisionSerializer,
            409: OpenApiResponse(ERROR_RESPONSE, description="The event is not in a state that allows this."),
        },
        summary="Approve an event (editors)",
    )
    def post(self, request, pk: int):
        body = self._body(request)
        event = get_object_or_404(Event, pk=pk)
        event = event_approve(event=event, user=request.user, note=body["note"])
        return _decision(request, event)


class EventRejectView(_ReviewAction):
    body_serializer = RejectSerializer

    @extend_schema(
        request=RejectSerializer,
        responses={
            200: DecisionSerializer,
            409: OpenApiResponse(ERROR_RESPONSE, description="The event is not in a state that allows this."),
        },
        summary="Reject an event with a reason (editors)",
    )
    def post(self, request, pk: int):
        body = self._body(request)
        event = get_object_or_404(Event, pk=pk)
        event = event_reject(event=event, user=request.user, reason=body["reason"])
        return _decision(request, event)


class EventMergeView(_ReviewAction):
    body_serializer = MergeSerializer

    @extend_schema(
        request=MergeSerializer,
        responses={
            200: DecisionSerializer,
            409: OpenApiResponse(ERROR_RESPONSE, description="The event is not in a state that allows this."),
        },
        summary="Merge other events (duplicates) into this one (editors)",
    )
    def post(self, request, pk: int):
        body = self._body(request)
        target = get_object_or_404(Event, pk=pk)
        others = list(Event.objects.filter(pk__in=body["others"]))
        missing = sorted(set(body["others"]) - {event.pk for event in others})
        if missing:
            raise serializers.ValidationError(
                {"others": [f"No event with id {other}." for other in missing]}, code=UNKNOWN
            )
        target = events_merge(target=target, others=others, user=request.user, reason=body["reason"])
        return _decision(request, target, merged=sorted(event.pk for event in others))


urlpatterns = [
    path("events/<int:pk>/approve/", EventApproveView.as_view(), name="event-approve"),
    path("events/<int:pk>/reject/", EventRejectView.as_view(), name="event-reject"),
    path("events/<int:pk>/merge/", EventMergeView.as_view(), name="event-merge"),
]
