"""Forms the editors fill in: uploading transcripts."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from .importer import KNOWN_SOURCES
from .models import LANGUAGES, Source

ACCEPTED_TYPES = ".txt,.html,.htm,.md,text/plain,text/html,text/markdown"


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that lets the browser pick several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that cleans to a list of files (Django's documented recipe)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_TYPES}))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


def source_choices() -> list[tuple[str, str]]:
    """The sources an upload can name: those stored and those the importer knows."""
    stored = dict(Source.objects.values_list("slug", "name"))
    known = {slug: info["name"] for slug, info in KNOWN_SOURCES.items()}
    choices = sorted({**known, **stored}.items(), key=lambda item: item[1])
    return [("", "— as the file says —"), *choices]


class TranscriptUploadForm(forms.Form):
    """One or many transcript files, and what to assume where a file does not say."""

    files = MultipleFileField(
        label="Transcript files",
        help_text="Plain text, HTML pages as saved from the site, or Markdown; "
        "one briefing per file. You can select several files.",
    )
    source = forms.ChoiceField(
        required=False, help_text="For files that do not say which briefing room they are from."
    )
    date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For files without a date.",
    )
    language = forms.ChoiceField(
        required=False,
        choices=[("", "— as the file says —"), *LANGUAGES],
        help_text="For files whose language cannot be told.",
    )
    spokesperson = forms.CharField(
        required=False, max_length=200, help_text="For files that name no spokesperson."
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["source"].choices = source_choices()

    def clean_files(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["files"]
        limit, total_limit = settings.UPLOAD_MAX_FILE_BYTES, settings.UPLOAD_MAX_TOTAL_BYTES
        too_big = [f for f in files if f.size and f.size > limit]
        if too_big:
            names = ", ".join(f"{f.name} ({filesizeformat(f.size)})" for f in too_big)
            raise forms.ValidationError(
                f"Too large: {names}. A transcript file may be at most {filesizeformat(limit)}; "
                "nothing was stored."
            )
        total = sum(f.size or 0 for f in files)
        if total > total_limit:
            raise forms.ValidationError(
                f"These files hold {filesizeformat(total)} together; one upload may hold at "
                f"most {filesizeformat(total_limit)}. Upload them in smaller groups."
            )
        return files

    def hints(self) -> dict[str, object]:
        """What the editor gave for files that lack it, as the importer's keyword arguments."""
        data = self.cleaned_data
        return {
            "source": data.get("source") or None,
            "date": data.get("date"),
            "language": data.get("language") or None,
            "spokesperson": (data.get("spokesperson") or "").strip() or None,
        }
