"""Queue articles for extraction again, e.g. after the dictionaries changed.

manage.py reprocess_articles --failed
manage.py reprocess_articles --actor liwa-al-quds --dry-run
manage.py reprocess_articles --all
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from conflict.errors import ApplicationError
from events.services.articles import article_reprocess, articles_for_reprocessing


class Command(BaseCommand):
    help = "Queue articles for extraction again: failed ones, those about an actor, or all."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--failed", action="store_true", help="Articles whose processing failed.")
        parser.add_argument(
            "--actor",
            metavar="SLUG",
            help="Articles whose events involve the actor or whose text names it (any alias).",
        )
        parser.add_argument("--all", action="store_true", help="Every article.")
        parser.add_argument("--dry-run", action="store_true", help="Only say how many would be queued.")

    def handle(self, *args, **options) -> None:
        if not (options["failed"] or options["actor"] or options["all"]):
            raise CommandError("Choose --failed, --actor SLUG or --all.")
        if options["all"] and (options["failed"] or options["actor"]):
            raise CommandError("--all cannot be combined with a filter.")
        try:
            articles = articles_for_reprocessing(failed=options["failed"], actor_slug=options["actor"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        ids = list(articles.values_list("pk", flat=True))
        if options["dry_run"]:
            self.stdout.write(f"{len(ids)} article(s) would be queued for reprocessing.")
            return
        queued = skipped = 0
        for article in articles.model.objects.filter(pk__in=ids).iterator(chunk_size=500):
            try:
                article_reprocess(article=article)
                queued += 1
            except ApplicationError as exc:
                skipped += 1
                self.stderr.write(f"Article {article.pk}: {exc.message}")
        self.stdout.write(f"{queued} article(s) queued for reprocessing; {skipped} skipped.")
