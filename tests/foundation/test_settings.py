"""Settings come from the environment, and a malformed value stops the start-up loudly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conflict.env import READ

ROOT = Path(__file__).resolve().parents[2]


def documented_variables() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_it_documents_exactly_the_variables_the_settings_read():
    assert READ, "the settings module should have been imported by pytest-django"
    assert documented_variables() == READ


def start(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(env_overrides)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='conflict.settings'; django.setup()",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("ARTICLE_MAX_ATTEMPTS", "many", "ARTICLE_MAX_ATTEMPTS='many' is not an integer"),
        ("ARTICLE_MAX_ATTEMPTS", "0", "below the minimum"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL='LOUD' is not a logging level"),
        ("DATABASE_URL", "nosuchscheme://x", "DATABASE_URL is malformed"),
    ],
)
def test_it_refuses_to_start_with_a_malformed_setting(name, value, complaint):
    result = start({name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_it_requires_a_secret_key_in_production():
    result = start({"REQUIRE_SECRET_KEY": "true", "SECRET_KEY": "", "DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_runs_embedded_without_database_and_broker_urls():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='conflict.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]
