"""`manage.py create_user`: an account in one role, its token on request, and no overwriting."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def create_user(*args: str, **kwargs) -> str:
    out = io.StringIO()
    call_command("create_user", *args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue().strip()


def test_it_creates_a_submitter_whose_printed_token_can_post_an_article():
    key = create_user("dz24-bot", "--role", "submitter", "--token", "--email", "bot@example.org")

    user = get_user_model().objects.get(username="dz24-bot")
    assert list(user.groups.values_list("name", flat=True)) == ["submitter"]
    assert user.email == "bot@example.org"
    assert not user.has_usable_password()
    assert not user.is_staff
    assert Token.objects.get(user=user).key == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    answer = client.post(
        "/api/v1/articles/", {"text": "Clashes in Al-Mayadin on Monday.", "source": "Test"}, format="json"
    )
    assert answer.status_code == 202, answer.content


def test_it_makes_an_editor_staff_with_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("CREATE_USER_PASSWORD", "a long pass phrase")
    assert create_user("nour", "--role", "editor") == ""

    user = get_user_model().objects.get(username="nour")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("a long pass phrase")
    assert user.has_perm("events.change_event")
    assert not Token.objects.filter(user=user).exists()


def test_it_takes_the_password_option_before_the_environment(monkeypatch):
    monkeypatch.setenv("CREATE_USER_PASSWORD", "from the environment")
    create_user("sami", "--role", "reader", "--password", "from the option")

    user = get_user_model().objects.get(username="sami")
    assert user.check_password("from the option")
    assert user.has_perm("events.view_event") and not user.has_perm("events.add_article")


def test_it_refuses_an_existing_name_and_changes_nothing():
    create_user("nour", "--role", "reader", "--password", "first")

    with pytest.raises(CommandError, match="already exists"):
        create_user("nour", "--role", "editor", "--token")

    user = get_user_model().objects.get(username="nour")
    assert list(user.groups.values_list("name", flat=True)) == ["reader"]
    assert user.check_password("first") and not user.is_staff
    assert not Token.objects.filter(user=user).exists()


def test_it_refuses_an_unknown_role_and_an_invalid_name():
    with pytest.raises(CommandError, match="invalid choice"):
        create_user("nour", "--role", "admin")
    with pytest.raises(CommandError, match="username"):
        create_user("no spaces allowed", "--role", "reader")
    assert not get_user_model().objects.exists()
