"""The articles API: submit (one or a batch), follow their processing, reprocess.

Who sees what: editors (and superusers) see every article; any other authenticated user sees
the articles they submitted. Submitting needs the "submitter" (or "editor") group;
reprocessing needs "editor". Articles are not public: anonymous requests get 401.
"""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from conflict.api.pagination import CursorPagination
from conflict.api.params import InstantFilter
from conflict.api.parsers import LimitedJSONParser
from conflict.api.permissions import IsEditor, IsSubmitter, is_editor
from conflict.api.schema import ERROR_REF, NO_CONTROL_CHARACTERS
from events.api.serializers import EventSerializer
from events.choices import ArticleStatus, Language
from events.models import Article, Event
from events.selectors import with_event_relations
from events.services.articles import (
    EARLIEST_PUBLISHED,
    MAX_IDEMPOTENCY_KEY,
    MAX_SOURCE,
    MAX_TITLE,
    MAX_URL,
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


def _text(description: str, **bounds) -> dict:
    # Text that is not only white space, with no control characters but tab and line breaks.
    return {
        "type": "string",
        "allOf": [{"pattern": r"\S"}, {"pattern": NO_CONTROL_CHARACTERS}],
        "description": description,
        **bounds,
    }


# The body of POST /articles/, stated as JSON Schema (its rules span fields, which a serializer
# cannot express); ``article_validate`` enforces the same rules. What a schema cannot say (the
# language of the text, an HTML page without article text, a URL of a private address, a date
# outside the years the service covers) is refused with the code ``unsupported``.
ARTICLE_SUBMISSION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "text": _text("The article's text. Give text, html or url."),
        "html": _text("The page's HTML; it is reduced to the main text."),
        "url": {
            "type": "string",
            "format": "uri",
            "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s]+",
            "maxLength": MAX_URL,
            "description": "A public http(s) URL, fetched by the worker (the source URL when text or html is given).",
        },
        "title": {"type": "string", "maxLength": MAX_TITLE, "pattern": NO_CONTROL_CHARACTERS},
        "source": _text("The outlet; defaults to the URL's host.", maxLength=MAX_SOURCE),
        "published": {
            "type": "string",
            "anyOf": [{"format": "date"}, {"format": "date-time"}],
            "description": f"YYYY-MM-DD or an ISO 8601 datetime (naive means UTC), from {EARLIEST_PUBLISHED} on.",
        },
        "language": {"type": "string", "enum": list(Language.values), "description": "Detected when absent."},
        "idempotency_key": _text("In a batch item; else the Idempotency-Key header.", maxLength=MAX_IDEMPOTENCY_KEY),
    },
    "allOf": [
        {"anyOf": [{"required": ["text"]}, {"required": ["html"]}, {"required": ["url"]}]},
        {"not": {"required": ["text", "html"]}},
        {"anyOf": [{"required": ["source"]}, {"required": ["url"]}]},
    ],
}
_BATCH_ITEMS = {
    "type": "array",
    "minItems": 1,
    "maxItems": MAX_BATCH,
    # Each item is validated on its own and answered in ``results``: an invalid item does not make
    # the batch invalid.
    "items": {"description": "An article, as the body of POST /articles/; any other value fails alone."},
}
ARTICLE_BATCH = {
    "anyOf": [
        {"type": "object", "required": ["articles"], "properties": {"articles": _BATCH_ITEMS}},
        _BATCH_ITEMS,
    ],
    "description": 'The articles as {"articles": [...]} or as a bare list.',
}


class ArticleAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ArticleStatus.choices)
    status_url = serializers.URLField()
    created = serializers.BooleanField(help_text="false: the article was already stored (same text, URL or key).")


class BatchErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class BatchResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The item's position in the batch.")
    id = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=ArticleStatus.choices, required=False)
    created = serializers.BooleanField(required=False)
    status_url = serializers.URLField(required=False)
    error = BatchErrorSerializer(required=False, help_text="Why this item was not stored.")


class BatchAnswerSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    existing = serializers.IntegerField()
    failed = serializers.IntegerField()
    results = BatchResultSerializer(many=True)


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

    def checks_body_strings(self) -> bool:
        """A batch's items are validated one by one (``article_validate`` refuses NUL bytes and
        lone surrogates in an item's fields), so one bad item fails alone."""
        return self.action == "batch"

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
    )
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="An article: processing status, errors and the events extracted from it")
    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Submit an article",
        request={"application/json": ARTICLE_SUBMISSION},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                {"type": "string", "maxLength": MAX_IDEMPOTENCY_KEY, "pattern": "^[!-~][ -~]*$"},
                OpenApiParameter.HEADER,
                required=False,
            )
        ],
        responses={
            202: ArticleAcceptedSerializer,
            200: OpenApiResponse(ArticleAcceptedSerializer, description="Already stored: the existing article."),
            409: OpenApiResponse(ERROR_REF, description="This Idempotency-Key was used for other content."),
        },
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
        request={"application/json": ARTICLE_BATCH},
        responses={
            202: BatchAnswerSerializer,
            200: OpenApiResponse(BatchAnswerSerializer, description="Nothing new was stored."),
        },
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

    @extend_schema(
        summary="Run extraction again on an article (editors)", request=None, responses={202: ArticleAcceptedSerializer}
    )
    @action(detail=True, methods=["post"])
    def reprocess(self, request, pk=None):
        article = article_reprocess(article=self.get_object(), user=request.user)
        return _submission_response(request, article, True)
