"""The articles API: submit (one or a batch), follow their processing, reprocess.

Who sees what: editors (and superusers) see every article; any other authenticated user sees
the articles they submitted. Submitting needs the "submitter" (or "editor") group;
reprocessing needs "editor". Articles are not public: anonymous requests get 401.
"""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from conflict.api.pagination import CursorPagination
from conflict.api.params import InstantFilter
from conflict.api.parsers import LimitedJSONParser
from conflict.api.permissions import IsEditor, IsSubmitter, is_editor
from events.api.serializers import EventSerializer
from events.choices import ArticleStatus, Language
from events.models import Article, Event
from events.selectors import with_event_relations
from events.services.articles import (
    ArticleConflict,
    article_reprocess,
    article_submit,
    articles_submit_batch,
)

MAX_BATCH = 500


class IdempotencyConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_conflict"
    default_detail = "This Idempotency-Key was already used for different content."


# --- Serializers ------------------------------------------------------------------------------


class ArticleSubmitSerializer(serializers.Serializer):
    """The body of POST /articles/ (documentation; validation is in ``article_validate``)."""

    text = serializers.CharField(required=False, help_text="The article's text. Give text, html or url.")
    html = serializers.CharField(required=False, help_text="The page's HTML; it is reduced to the main text.")
    url = serializers.URLField(required=False, help_text="A public http(s) URL, fetched by the worker.")
    title = serializers.CharField(required=False, max_length=500)
    source = serializers.CharField(required=False, max_length=200, help_text="The outlet (defaults to the host).")
    published = serializers.CharField(required=False, help_text="YYYY-MM-DD or an ISO 8601 datetime.")
    language = serializers.ChoiceField(choices=Language.choices, required=False, help_text="Detected when absent.")
    idempotency_key = serializers.CharField(required=False, help_text="In a batch item; else the header.")


class ArticleSerializer(serializers.ModelSerializer):
    """An article in lists: no text, no events."""

    status_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "status",
            "status_url",
            "source",
            "url",
            "title",
            "language",
            "published",
            "attempts",
            "error",
            "extractor_version",
            "created_at",
            "processed_at",
            "processing_ms",
        ]
        read_only_fields = fields

    def get_status_url(self, article: Article) -> str:
        path = reverse("article-detail", args=[article.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ArticleDetailSerializer(ArticleSerializer):
    """One article with its text and the events extracted from it (the public event shape).

    Editors see each event with all its sources. Anyone else sees, for each event, only the
    sources that are their own articles (an event may also cite other submitters' articles,
    which they may not read); the event with every source is public at ``/events/{id}/`` once
    approved.
    """

    events = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "claimed_at", "updated_at", "events"]
        read_only_fields = fields

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, article: Article) -> list[dict]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        own_only = None if user is None or is_editor(user) else user.pk
        events = Event.objects.filter(sources__article=article).distinct().order_by("id")
        events = with_event_relations(events, sources_submitted_by=own_only)
        return EventSerializer(events, many=True, context=self.context).data


class ArticleCursorPagination(CursorPagination):
    """Newest first by id: stable, indexed, no COUNT(*) over a growing table."""

    ordering = ("-id",)


class ArticleFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ArticleStatus.choices)
    # Exact outlet name: served by article_source_published_idx (source, published).
    source = django_filters.CharFilter(field_name="source")
    language = django_filters.ChoiceFilter(choices=Language.choices)
    published_after = InstantFilter(field_name="published", lookup_expr="gte")
    published_before = InstantFilter(field_name="published", lookup_expr="lte")

    class Meta:
        model = Article
        fields = ["status", "source", "language", "published_after", "published_before"]


def _submission_response(request, article: Article, created: bool) -> Response:
    body = {
        "id": article.pk,
        "status": article.status,
        "status_url": request.build_absolute_uri(reverse("article-detail", args=[article.pk])),
        "created": created,
    }
    return Response(body, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)


class ArticleViewSet(viewsets.GenericViewSet):
    parser_classes = [LimitedJSONParser]
    pagination_class = ArticleCursorPagination
    filterset_class = ArticleFilter
    serializer_class = ArticleSerializer

    def max_body_bytes(self) -> int:
        if self.action == "batch":
            return settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return settings.ARTICLE_MAX_REQUEST_BYTES

    def get_permissions(self):
        if self.action in ("create", "batch"):
            return [IsSubmitter()]
        if self.action == "reprocess":
            return [IsEditor()]
        return [IsAuthenticated()]

    queryset = Article.objects.none()  # for the schema; the real one is get_queryset()

    def get_queryset(self):
        articles = Article.objects.all()
        if getattr(self, "swagger_fake_view", False):
            return articles.none()
        if not is_editor(self.request.user):
            articles = articles.filter(submitted_by=self.request.user)
        if self.action == "list":
            articles = articles.defer("text", "raw_html")
        elif self.action == "retrieve":
            articles = articles.defer("raw_html")
        return articles

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    @extend_schema(
        summary="List articles (yours; editors see all)",
        parameters=[OpenApiParameter("page_size", int, description="At most 500.")],
    )
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="An article: processing status, errors and the events extracted from it")
    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Submit an article",
        request=ArticleSubmitSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={202: inline_serializer("ArticleAccepted", {"id": serializers.IntegerField()}), 200: None},
    )
    def create(self, request):
        try:
            article, created = article_submit(
                data=request.data, user=request.user, idempotency_key=request.headers.get("Idempotency-Key")
            )
        except ArticleConflict as exc:
            raise IdempotencyConflict(exc.message) from None
        return _submission_response(request, article, created)

    @extend_schema(
        summary=f"Submit up to {MAX_BATCH} articles; each is validated on its own",
        request=inline_serializer("ArticleBatch", {"articles": ArticleSubmitSerializer(many=True)}),
    )
    @action(detail=False, methods=["post"])
    def batch(self, request):
        items = request.data.get("articles") if isinstance(request.data, dict) else request.data
        if not isinstance(items, list):
            raise exceptions.ValidationError({"articles": ['Send a JSON list of articles, or {"articles": [...]}.']})
        if not items:
            raise exceptions.ValidationError({"articles": ["The batch is empty."]})
        if len(items) > MAX_BATCH:
            raise exceptions.ValidationError(
                {"articles": [f"The batch has {len(items)} articles; the limit is {MAX_BATCH}."]}
            )
        results = []
        created = existing = failed = 0
        for item in articles_submit_batch(items=items, user=request.user):
            if item.error is not None:
                failed += 1
                error = item.error
                code = "idempotency_conflict" if isinstance(error, ArticleConflict) else "invalid"
                results.append(
                    {
                        "index": item.index,
                        "error": {"code": code, "message": error.message, "fields": error.as_detail()},
                    }
                )
                continue
            created += item.created
            existing += not item.created
            results.append(
                {
                    "index": item.index,
                    "id": item.article.pk,
                    "status": item.article.status,
                    "created": item.created,
                    "status_url": request.build_absolute_uri(reverse("article-detail", args=[item.article.pk])),
                }
            )
        body = {"created": created, "existing": existing, "failed": failed, "results": results}
        return Response(body, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)

    @extend_schema(summary="Run extraction again on an article (editors)", request=None)
    @action(detail=True, methods=["post"])
    def reprocess(self, request, pk=None):
        article = article_reprocess(article=self.get_object(), user=request.user)
        return _submission_response(request, article, True)
