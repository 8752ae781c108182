"""One error shape for every API error.

Every 4xx/5xx body from the API is::

    {"error": {"status": 400, "code": "invalid", "message": "A human sentence.",
               "fields": {"field_name": ["what is wrong with it"]}}}

``fields`` is present (possibly empty) on every error so that clients can rely on it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from conflict.api.params import semantic_code
from conflict.api.parsers import RequestTooLarge
from conflict.errors import ApplicationError, error_body
from conflict.outage import database_outage_response, is_database_outage

log = logging.getLogger(__name__)


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _message_for(exc: exceptions.APIException, fields: dict) -> str:
    if isinstance(exc, exceptions.ValidationError):
        if fields:
            first_field, problems = next(iter(fields.items()))
            first = problems[0] if isinstance(problems, list) and problems else problems
            if isinstance(first, dict):
                return "The request has invalid fields."
            if first_field in ("non_field_errors", "detail"):
                return str(first)
            return f"{first_field}: {first}"
        return "The request is invalid."
    detail = exc.detail
    if isinstance(detail, (list, dict)):
        return "The request could not be processed."
    return str(detail)


class StateConflict(exceptions.APIException):
    """The request is valid, but the resource's state forbids it now (e.g. approving an event
    that is already approved)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


# ApplicationError codes that mean "not in this state", answered 409 instead of 400.
CONFLICT_CODES = frozenset({"already_approved", "already_rejected", "merged"})


def _leaf_codes(codes) -> list[str]:
    if isinstance(codes, dict):
        return [code for value in codes.values() for code in _leaf_codes(value)]
    if isinstance(codes, list):
        return [code for value in codes for code in _leaf_codes(value)]
    return [str(codes)]


def _single_code(exc) -> str:
    """The error's code: DRF's, or for field errors a semantic one when all of them are (see
    ``conflict.api.params.SEMANTIC_CODES``), else ``invalid``."""
    codes = exc.get_codes() if hasattr(exc, "get_codes") else "error"
    return codes if isinstance(codes, str) else semantic_code(_leaf_codes(codes))


def _answer_in_json(context: dict) -> None:
    """Errors are JSON whatever format the request asked for (a CSV or GeoJSON "error" would be
    neither a valid table nor a valid feature collection); DRF renders the response with the
    renderer it stores on the request."""
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if is_database_outage(exc):  # 503 with Retry-After: see conflict/outage.py
        return database_outage_response(exc)
    application_code = None
    if isinstance(exc, ApplicationError) and exc.code in CONFLICT_CODES:
        application_code = exc.code
        exc = StateConflict(exc.message)
    elif isinstance(exc, ApplicationError) and exc.code == "not_found":
        application_code = exc.code
        exc = exceptions.NotFound(exc.message)
    elif isinstance(exc, ApplicationError):
        application_code = exc.code
        exc = exceptions.ValidationError(exc.as_detail())
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(f"The request body is over the limit of {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")

    response = drf_exception_handler(exc, context)
    if response is None:
        _answer_in_json(context)
        log.exception("Unhandled API error", exc_info=exc)
        return Response(
            error_body(500, "server_error", "An internal error occurred; it has been logged."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )

    _answer_in_json(context)
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(detail if isinstance(detail, dict) else {"non_field_errors": detail})
    else:
        fields = {}
    code = application_code or _single_code(exc)
    response.data = error_body(response.status_code, code, _message_for(exc, fields), fields)
    return response


def json_error_view(status_code: int, code: str, message: str):
    def view(request, exception=None, *args, **kwargs):
        return JsonResponse(error_body(status_code, code, message), status=status_code)

    return view
