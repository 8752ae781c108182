"""A locked install: the lock files pin everything, and the environment is what they say.

requirements.txt and requirements-test.txt are compiled from the .in files (`make lock`) with
every transitive dependency pinned and hashed, and installed with pip's ``--require-hashes``. CI
builds a fresh virtual environment from them on every run, and these tests run inside it, so a
missing pin (lxml 6 without lxml_html_clean broke every HTML ingestion once) fails CI, not a user.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ("requirements.txt", "requirements-test.txt")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def _logical_lines(path: Path) -> list[str]:
    """The file's lines with comments dropped and backslash continuations joined."""
    lines, current = [], ""
    for raw in path.read_text().splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        if current.strip():
            lines.append(current.strip())
        current = ""
    return lines


def _lock(name: str) -> dict[str, tuple[str, list[str]]]:
    """{canonical name: (version, hashes)} of a lock file; fails on any line that is not a pin."""
    pins = {}
    for line in _logical_lines(ROOT / name):
        requirement_text = line.split(" --hash", 1)[0].strip()
        requirement = Requirement(requirement_text)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"{name}: {line!r} is not pinned with =="
        assert not requirement.extras, f"{name}: {line!r} carries extras; the lock must list packages alone"
        hashes = HASH.findall(line)
        assert hashes, f"{name}: {requirement_text} has no --hash"
        key = canonicalize_name(requirement.name)
        assert key not in pins, f"{name}: {requirement.name} is pinned twice"
        pins[key] = (specifiers[0].version, hashes)
    return pins


def _direct_requirements(name: str) -> list[Requirement]:
    """The requirements an .in file names, following ``-r`` (``-c`` only constrains)."""
    found = []
    for line in _logical_lines(ROOT / name):
        if line.startswith("-r "):
            found += _direct_requirements(line[3:].strip())
        elif line.startswith("-c "):
            continue
        else:
            found.append(Requirement(line))
    return found


@pytest.mark.parametrize("lock_name", LOCKS)
def test_it_pins_every_line_of_the_lock_with_a_version_and_a_hash(lock_name):
    pins = _lock(lock_name)
    # A lock that parsed to nothing would pass the loop above vacuously.
    assert len(pins) > 30


@pytest.mark.parametrize(("in_name", "lock_name"), [("requirements.in", LOCKS[0]), ("requirements-test.in", LOCKS[1])])
def test_it_locks_every_direct_requirement_at_the_version_the_in_file_pins(in_name, lock_name):
    pins = _lock(lock_name)
    for requirement in _direct_requirements(in_name):
        key = canonicalize_name(requirement.name)
        assert key in pins, f"{requirement.name} ({in_name}) is missing from {lock_name}"
        assert pins[key][0] in requirement.specifier, f"{lock_name} pins {key}=={pins[key][0]} against {requirement}"
        for extra in requirement.extras:
            # psycopg[binary] is locked as psycopg plus psycopg-binary.
            assert canonicalize_name(f"{requirement.name}-{extra}") in pins, f"{requirement} extra not locked"


def test_it_locks_lxml_html_clean_with_the_runtime_dependencies():
    assert "lxml-html-clean" in _lock("requirements.txt")


def test_it_keeps_the_runtime_and_test_locks_in_agreement():
    runtime, test = _lock("requirements.txt"), _lock("requirements-test.txt")
    disagreements = {
        name: (version, test.get(name, (None,))[0])
        for name, (version, _hashes) in runtime.items()
        if test.get(name, (None,))[0] != version
    }
    assert disagreements == {}


def test_it_runs_in_an_environment_that_matches_the_lock():
    """Every package the test lock names is installed at exactly the locked version."""
    mismatched = {}
    for name, (version, _hashes) in _lock("requirements-test.txt").items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            mismatched[name] = {"locked": version, "installed": installed}
    assert mismatched == {}, "run `make test` (or pip install --require-hashes -r requirements-test.txt)"


def test_it_turns_an_html_page_into_text_in_this_environment():
    import lxml.html.clean  # noqa: F401  (lxml 6 ships it separately; the import must succeed)

    from events.services.articles import html_to_text

    page = """<html><head><title>Shelling near Al-Bukamal</title>
    <script>var tracker = "SCRIPT-MARKER";</script></head>
    <body><nav>Home | World</nav><article><h1>Shelling near Al-Bukamal</h1>
    <p>Government forces shelled the outskirts of Al-Bukamal on Monday, killing two civilians,
    local sources said.</p>
    <script>document.write("SCRIPT-MARKER")</script>
    <p>The shelling followed clashes with an armed group east of the Euphrates.</p>
    </article></body></html>"""

    text, title, _date = html_to_text(page)

    assert "killing two civilians" in text
    assert "east of the Euphrates" in text
    assert "SCRIPT-MARKER" not in text
    assert title == "Shelling near Al-Bukamal"
