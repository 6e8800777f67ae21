"""Forms and widgets the editors fill in: uploads, topics and entities, tagging, merging."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat

from ..importer import KNOWN_SOURCES
from ..models import (
    LANGUAGES,
    Entity,
    EntitySlugRedirect,
    Question,
    SlugRedirect,
    Source,
    Topic,
    TopicSlugRedirect,
)
from ..parsing import Hints

ACCEPTED_TYPES = ".txt,.html,.htm,.md,text/plain,text/html,text/markdown"


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that lets the browser pick several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that cleans to a list of files (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_TYPES}))
        super().__init__(*args, **kwargs)

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

    # Named as the page's file input; Form.files (the request's files) is not replaced, as
    # the form's metaclass moves declared fields into base_fields.
    files = MultipleFileField(  # type: ignore[assignment]
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["source"]).choices = source_choices()

    def clean_files(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["files"]
        limit, total_limit = settings.UPLOAD_MAX_FILE_BYTES, settings.UPLOAD_MAX_TOTAL_BYTES
        too_big = [f for f in files if f.size and f.size > limit]
        if too_big:
            names = ", ".join(f"{f.name} ({filesizeformat(f.size or 0)})" for f in too_big)
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

    def hints(self) -> Hints:
        """What the editor gave for files that lack it."""
        data = self.cleaned_data
        return Hints(
            source=data.get("source") or None,
            date=data.get("date"),
            language=data.get("language") or None,
            spokesperson=(data.get("spokesperson") or "").strip() or None,
        )


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Entity.objects.none(),
        widget=forms.RadioSelect,
        label="Keep",
        help_text="The others are merged into it and deleted; their pages redirect to it.",
    )

    def __init__(self, *args: Any, entities: QuerySet[Entity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["keep"]).queryset = entities


class AddressForm(forms.ModelForm):
    """A form for a topic or an entity, whose slug is its address: it may be left empty (made
    from the name on save), and one that is another's former address is refused, so that
    address keeps leading where it did."""

    redirects: type[SlugRedirect]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = (
            "Its address in the archive's URLs. Leave empty to make it from the name. "
            "When you change it, the old address redirects to the new one."
        )

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        target = self.redirects.target
        taken = self.redirects._default_manager.filter(old_slug=slug).exclude(
            **{f"{target}_id": self.instance.pk}
        )
        if slug and taken.exists():
            owner = getattr(taken.select_related(target).get(), target)
            raise forms.ValidationError(
                f"“{slug}” was the address of “{owner.name}” and still leads there; "
                "choose another slug."
            )
        return slug


class TopicForm(AddressForm):
    redirects = TopicSlugRedirect

    class Meta:
        model = Topic
        fields = ["name", "slug", "parent", "description", "keywords"]


class EntityForm(AddressForm):
    redirects = EntitySlugRedirect

    class Meta:
        model = Entity
        fields = ["kind", "name", "slug", "description", "wikidata_id"]


class TopicsWidget(AutocompleteSelectMultiple):
    """Topic autocomplete that labels the chosen topics from what the page already loaded."""

    known: dict[str, str]

    def __init__(self) -> None:
        super().__init__(Question._meta.get_field("topics"), admin.site)
        self.known = {}

    def optgroups(
        self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        chosen = [str(v) for v in value if v not in ("", None)]
        if not all(v in self.known for v in chosen):
            return super().optgroups(name, value, attr)
        options = [
            self.create_option(name, v, self.known[v], True, index)
            for index, v in enumerate(chosen)
        ]
        return [(None, options, 0)]


class TopicsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Topic.objects.all(), required=False, widget=TopicsWidget(), **kwargs
        )


class ExchangeTagsForm(forms.ModelForm):
    """One exchange on its briefing's page: its topics, set by the editor."""

    tags = TopicsField(label="Topics")

    class Meta:
        model = Question
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            tagged = self.instance.tagged_topics
            self.initial["tags"] = [topic.pk for topic in tagged]
            self.fields["tags"].widget.known = {str(t.pk): t.name for t in tagged}


class ChooseTopicsForm(forms.Form):
    topics = TopicsField(label="Topics")

    def clean_topics(self) -> Sequence[Topic]:
        topics = self.cleaned_data["topics"]
        if not topics:
            raise forms.ValidationError("Choose at least one topic.")
        return topics
