"""Who may read and who may write through the API."""

from django.conf import settings
from rest_framework import permissions

SUBMITTER_GROUP = "submitter"
EDITOR_GROUP = "editor"
READER_GROUP = "reader"


def in_group(user, name: str) -> bool:
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._group_names = cache
    return name in cache


def is_editor(user) -> bool:
    return in_group(user, EDITOR_GROUP)


class ReadAccess(permissions.BasePermission):
    """Safe methods for anyone when anonymous read is on, otherwise for authenticated users."""

    message = "Authentication is required to read this API."

    def has_permission(self, request, view) -> bool:
        if request.method not in permissions.SAFE_METHODS:
            # A method the view does not have is answered 405 (with Allow) by the view itself,
            # which needs this check to pass first; one it has is not for readers.
            return getattr(view, request.method.lower(), None) is None
        return settings.API_ANONYMOUS_READ or bool(request.user and request.user.is_authenticated)


class IsSubmitter(permissions.BasePermission):
    message = "Submitting articles needs a token of a user in the 'submitter' group."

    def has_permission(self, request, view) -> bool:
        return in_group(request.user, SUBMITTER_GROUP) or in_group(request.user, EDITOR_GROUP)


class IsEditor(permissions.BasePermission):
    message = "This action is for users in the 'editor' group."

    def has_permission(self, request, view) -> bool:
        return is_editor(request.user)
