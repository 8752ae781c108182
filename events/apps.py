from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events, places and crossings"

    def ready(self) -> None:
        from events import signals  # noqa: F401  (connects dictionary-version signals)
