"""Forms of the review desk: the event form, and the intermediate pages of reject/merge/split."""

from __future__ import annotations

from django import forms

from events.choices import SUB_EVENT_TYPES
from events.models import Event

SUB_EVENT_CHOICES = [(str(kind), [(str(sub), str(sub)) for sub in subs]) for kind, subs in SUB_EVENT_TYPES.items()]


class EventForm(forms.ModelForm):
    """The event page's form: sub-types grouped under their ACLED type, summary in its own
    direction."""

    sub_event_type = forms.ChoiceField(choices=SUB_EVENT_CHOICES)

    class Meta:
        model = Event
        fields = (
            "event_type",
            "sub_event_type",
            "date",
            "date_precision",
            "summary",
            "location",
            "geo_precision",
            "latitude",
            "longitude",
            "crossing",
            "killed",
            "killed_low",
            "killed_high",
            "wounded",
            "captured",
            "confidence",
        )
        widgets = {"summary": forms.Textarea(attrs={"rows": 3, "dir": "auto"})}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70, "dir": "auto", "autofocus": True}),
        help_text="Written to the audit trail and shown on the event. Ctrl+Enter sends it.",
    )


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        widget=forms.RadioSelect,
        help_text="The event that stays; the others are merged into it.",
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "cols": 70, "dir": "auto"}), required=False)

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = events if events is not None else Event.objects.none()
        self.fields["target"].label_from_instance = lambda event: (
            f"#{event.pk} · {event.date or 'no date'} · {event.sub_event_type} · "
            f"{event.location or 'no place'} · {event.source_count} source(s) · {event.get_review_status_display()}"
        )


class SplitForm(forms.Form):
    article_ids = forms.TypedMultipleChoiceField(coerce=int, choices=())
    reason = forms.CharField(required=False)

    def __init__(self, *args, article_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article_ids"].choices = article_choices
