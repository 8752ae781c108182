"""Create or update the groups "editor", "submitter" and "reader" (idempotent).

python manage.py ensure_roles [--editor USERNAME ...] [--submitter USERNAME ...] [--reader USERNAME ...]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from conflict.errors import ApplicationError
from events.services.review import ROLE_NAMES, roles_ensure, user_role_grant


class Command(BaseCommand):
    help = "Create the editor, submitter and reader groups with their permissions (safe to run again)."

    def add_arguments(self, parser):
        for role in ROLE_NAMES:
            parser.add_argument(
                f"--{role}",
                action="append",
                default=[],
                metavar="USERNAME",
                help=f"Also put this existing user in the {role} group (editors also get admin access).",
            )

    def handle(self, *args, **options):
        summary = roles_ensure()
        verbose = options["verbosity"] >= 1
        for name, count in summary.items():
            if verbose:
                self.stdout.write(f"group {name}: {count} permissions")
        for role in ROLE_NAMES:
            for username in options[role]:
                try:
                    user_role_grant(username=username, role=role)
                except ApplicationError as exc:
                    raise CommandError(exc.message) from None
                if verbose:
                    self.stdout.write(f"user {username}: added to {role}")
