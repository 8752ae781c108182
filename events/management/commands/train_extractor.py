"""Retrain the extractor's confidence model from annotated reports and editors' decisions.

    python manage.py train_extractor [--gold FILE ...] [--real-reports FILE --texts DIR]
                                     [--no-database] [--threshold P] [--install]

Prints precision, recall and F1 on a held-back fifth of the articles for the installed model and
the new one, and the new model's reliability table; writes the new model into the models folder
(``EXTRACTION_MODELS_DIR``) only with ``--install``. The extraction reads its dictionaries from
the database: run ``load_reference_data`` first.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conflict.errors import ApplicationError
from events.services.extraction import models_dir
from events.services.training import extractor_train

ROOT = Path(settings.BASE_DIR)
DEFAULT_GOLD = sorted((ROOT / "tests/fixtures/extraction").glob("*.jsonl")) + sorted(
    (ROOT.parent / "shared/corpus/dev").glob("*.json")
)
DEFAULT_REPORTS = ROOT / "bench/real_reports/reports.jsonl"
DEFAULT_TEXTS = Path("/work/realreports/texts")


class Command(BaseCommand):
    help = "Train the extractor's confidence model; compare it with the installed one; install it with --install."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--gold",
            nargs="*",
            type=Path,
            default=DEFAULT_GOLD,
            help="Annotated files in the shared corpus's gold format (default: the fixture sets and the dev corpus).",
        )
        parser.add_argument(
            "--real-reports", type=Path, default=DEFAULT_REPORTS, help="The real-report set (dev split only)."
        )
        parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS, help="Folder of the real reports' texts.")
        parser.add_argument("--no-real-reports", action="store_true", help="Leave the real-report set out.")
        parser.add_argument("--no-database", action="store_true", help="Leave editors' decisions out.")
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help="Emission threshold for the figures (default: EXTRACTION_MIN_CONFIDENCE).",
        )
        parser.add_argument("--install", action="store_true", help="Write the new model into the models folder.")

    def handle(self, *args, **options) -> None:
        threshold = settings.EXTRACTION_MIN_CONFIDENCE if options["threshold"] is None else options["threshold"]
        reports = None if options["no_real_reports"] else options["real_reports"]
        for path in options["gold"]:
            if not path.is_file():
                raise CommandError(f"No gold file {path}.")
        try:
            report = extractor_train(
                gold_files=options["gold"],
                real_reports=reports if reports is not None and reports.is_file() else None,
                texts=options["texts"] if options["texts"].is_dir() else None,
                database=not options["no_database"],
                models_dir=models_dir(),
                threshold=threshold,
                install=options["install"],
            )
        except ApplicationError as exc:
            raise CommandError(str(exc)) from None
        out = self.stdout
        articles = ", ".join(f"{n} from {origin}" for origin, n in sorted(report.articles.items()))
        e = report.examples
        out.write(f"Articles: {articles}.")
        out.write(
            f"Examples: {e['training']} for training ({e['training_true']} true), "
            f"{e['held_back']} held back ({e['held_back_true']} true)."
        )
        out.write(f"Held-back figures at threshold {report.threshold:.2f}:")
        for name, model, figures in (
            ("before", report.current, report.before),
            ("after", report.model, report.after),
        ):
            for origin, m in sorted(figures.items()):
                out.write(
                    f"  {name:<6} model {model.version:<4} {origin:<12} P {m['precision']:.3f}  R {m['recall']:.3f}  "
                    f"F1 {m['f1']:.3f}  (tp {m['tp']} fp {m['fp']} fn {m['fn']})"
                )
        out.write("Reliability of the new model on the held-back examples (predicted -> observed):")
        for row in report.reliability:
            out.write(
                f"  {row['low']:.1f}-{row['high']:.1f}  n {row['n']:>4}  predicted {row['predicted']:.3f}  "
                f"observed {row['observed']:.3f}"
            )
        if report.installed is not None:
            out.write(f"Installed model {report.model.version}: {report.installed}")
        else:
            out.write(f"Model {report.model.version} not installed (use --install).")
