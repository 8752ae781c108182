"""The README's commands work: the `manage.py` commands that only change the database run here
in the order a newcomer types them, every other one exists and is run by some test, and the
example articles are accepted by the API."""

from __future__ import annotations

import io
import json
import re
import shlex
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TESTS = ROOT / "tests"

# Run here, on the test database: they change nothing outside it.
RUN_HERE = {"migrate", "load_reference_data", "create_user", "drf_create_token", "ensure_roles"}


def shell_lines() -> list[str]:
    """The lines of the README's ```sh blocks, continuation lines joined, comments dropped."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #", 1)[0].strip()
            if line:
                lines.append(line)
    return lines


def manage_commands(text: str) -> list[list[str]]:
    """Each `manage.py NAME ARGS` as a word list, from code blocks and inline code alike."""
    found = []
    for match in re.finditer(r"manage\.py ([a-z_]+)([^`\n|]*)", text):
        found.append([match.group(1), *shlex.split(match.group(2).split("  #", 1)[0].split(" #", 1)[0])])
    return found


def run(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO(), verbosity=1)
    return out.getvalue().strip()


def test_it_finds_the_first_hour_commands_in_the_readme():
    names = [command[0] for command in manage_commands("\n".join(shell_lines()))]
    for name in ("migrate", "load_reference_data", "createsuperuser", "create_user", "drf_create_token"):
        assert name in names
    assert names.count("create_user") == 3


def test_it_runs_the_readme_commands_that_change_only_the_database():
    ran = []
    for name, *args in manage_commands("\n".join(shell_lines())):
        if name in RUN_HERE:
            output = run(name, *args)
            ran.append(name)
            if name == "create_user" and "--token" in args:
                assert Token.objects.filter(key=output, user__username=args[0]).exists()
    assert ran[:3] == ["migrate", "load_reference_data", "create_user"]
    users = get_user_model().objects
    assert {u.username: sorted(u.groups.values_list("name", flat=True)) for u in users.all()} == {
        "nour": ["editor"],
        "scraper-bot": ["submitter"],
        "analyst": ["reader"],
    }
    assert users.get(username="nour").check_password("a long pass phrase")
    assert Token.objects.filter(user__username="nour").exists()  # drf_create_token


def test_it_documents_only_commands_that_exist_and_that_some_test_runs():
    known = get_commands()
    test_text = "\n".join(path.read_text(encoding="utf-8") for path in TESTS.rglob("test_*.py"))
    for name, *_ in manage_commands(README):
        assert name in known, f"README names manage.py {name}, which does not exist"
        if name in RUN_HERE:
            continue
        runs = re.search(rf"""call_command\(\s*["']{name}["']|["']{name}["'],|manage\.py {name}\b""", test_text)
        assert runs, f"README names manage.py {name}, and no test runs it"


def test_it_accepts_the_four_example_articles_of_the_readme():
    submitter = get_user_model().objects.create_user("scraper-bot")
    call_command("ensure_roles", "--submitter", "scraper-bot", verbosity=0)
    client = APIClient()
    client.force_authenticate(submitter)
    examples = [
        line for line in shell_lines() if line.startswith("curl -X POST http://127.0.0.1:8000/api/v1/articles/")
    ]
    assert len(examples) == 4
    for line in examples:
        words = shlex.split(line)
        path = words[3].removeprefix("http://127.0.0.1:8000")
        body = json.loads(words[words.index("-d") + 1])
        answer = client.post(path, body, format="json")
        assert answer.status_code == 202, (path, answer.content)
