"""Create an account in one role, and print its API token if asked.

python manage.py create_user NAME --role editor|submitter|reader [--token] [--email ADDRESS]
    [--password PASSWORD]

The password comes from --password, else from the environment variable CREATE_USER_PASSWORD
(which keeps it out of the process list and the shell history), else the account gets an
unusable one and signs in through its token only. An existing name is refused, never changed.
"""

from __future__ import annotations

import os

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from conflict.errors import ApplicationError
from events.services.review import ROLE_NAMES, roles_ensure, user_create

PASSWORD_VARIABLE = "CREATE_USER_PASSWORD"


class Command(BaseCommand):
    help = "Create a user in the editor, submitter or reader role; --token prints its API token."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLE_NAMES)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password", default=None, help=f"Else ${PASSWORD_VARIABLE}, else an unusable password (token only)."
        )
        parser.add_argument("--token", action="store_true", help="Create the user's API token and print it.")

    def handle(self, *args, username, role, email, password, token, **options):
        if Group.objects.filter(name__in=ROLE_NAMES).count() < len(ROLE_NAMES):
            roles_ensure()  # migrate creates them; a database emptied by hand may lack them
        password = password or os.environ.get(PASSWORD_VARIABLE) or None
        try:
            user = user_create(username=username, role=role, email=email, password=password)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        if options["verbosity"] >= 1:
            how = "password set" if password else "no password: API token only"
            self.stderr.write(f"user {username}: created in {role} ({how})")
        if token:
            # The token alone on stdout, so `TOKEN=$(manage.py create_user ... --token)` works.
            self.stdout.write(Token.objects.create(user=user).key)
