"""`manage.py check --deploy` is clean with the documented production environment.

The environment is the one docs/reliability.md ("Production settings") and .env.example give;
each check runs in a fresh process, since settings are read from the environment at start-up.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "REQUIRE_SECRET_KEY": "true",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "events.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://events.example.org",
    "BEHIND_TLS_PROXY": "true",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def deploy_check(overrides: dict[str, str]) -> subprocess.CompletedProcess:
    # Only what the check needs from this environment: every setting comes from `overrides`.
    env = {
        name: os.environ[name] for name in ("PATH", "HOME", "DATABASE_URL", "CELERY_BROKER_URL") if name in os.environ
    }
    env.update({"SECRET_KEY": secrets.token_urlsafe(50), **overrides})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_check_with_the_documented_production_settings():
    result = deploy_check(PRODUCTION)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_it_warns_when_https_is_left_to_the_defaults():
    # The defaults suit development over plain HTTP; the check must say so in production.
    result = deploy_check({"REQUIRE_SECRET_KEY": "true", "ALLOWED_HOSTS": "events.example.org"})

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_it_reads_each_https_setting_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'conflict.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "True 31536000 True True True True ('HTTP_X_FORWARDED_PROTO', 'https')"
