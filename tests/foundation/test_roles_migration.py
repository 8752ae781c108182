"""`migrate` alone creates the roles: the data migration gives the groups exactly the
permissions that `ensure_roles` gives them."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.services.review import ROLE_NAMES

pytestmark = pytest.mark.django_db

roles_migration = importlib.import_module("events.migrations.0005_roles")


def _grants() -> dict[str, set[str]]:
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.filter(name__in=ROLE_NAMES).prefetch_related("permissions__content_type")
    }


def test_it_creates_the_three_groups_with_the_permissions_of_ensure_roles():
    Group.objects.filter(name__in=ROLE_NAMES).delete()
    # Permissions are created by the migration itself: on a fresh database they do not exist yet.
    Permission.objects.all().delete()
    state = MigrationExecutor(connection).loader.project_state(("events", "0005_roles"))

    roles_migration.create_roles(state.apps, None)
    from_migration = _grants()

    assert set(from_migration) == set(ROLE_NAMES)
    assert "events.change_event" in from_migration["editor"]
    assert "events.delete_eventauditentry" not in from_migration["editor"]
    assert from_migration["submitter"] == {"events.add_article", "events.view_article"}
    assert "events.view_event" in from_migration["reader"]
    call_command("ensure_roles", verbosity=0)
    assert _grants() == from_migration


def test_it_is_recorded_as_applied_by_migrate():
    applied = MigrationExecutor(connection).loader.applied_migrations
    assert ("events", "0005_roles") in applied
