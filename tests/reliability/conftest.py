"""The API tests' reference world and users, for the reliability tests that need real rows."""

from tests.api.conftest import editor, reader, world  # noqa: F401
