"""The alignment of a briefing with its other-language version, as editors correct it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ..alignment import set_pair
from ..models import AlignedPair, Question


class AlignedPairForm(forms.ModelForm):
    """An editor's pair: an exchange of each version, or one left empty for "no counterpart"."""

    class Meta:
        model = AlignedPair
        fields = ["left", "right"]

    def _get_validation_exclusions(self) -> set[str]:
        # An exchange another row holds is not an error: saving frees it (set_pair).
        return {*super()._get_validation_exclusions(), "left", "right"}  # type: ignore[misc]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pair = self.instance
        if pair.kind != AlignedPair.Kind.EXCHANGE:
            raise forms.ValidationError(
                "Statements are aligned afresh with every revision; correct exchanges only."
            )
        left: Question | None = data.get("left")
        right: Question | None = data.get("right")
        if left is None and right is None:
            raise forms.ValidationError("Choose an exchange on at least one side.")
        if left is not None and left.briefing_id != pair.left_briefing_id:
            self.add_error("left", f"Choose an exchange of {pair.left_briefing}.")
        if right is not None and right.briefing_id != pair.right_briefing_id:
            self.add_error("right", f"Choose an exchange of {pair.right_briefing}.")
        return data


@admin.register(AlignedPair)
class AlignedPairAdmin(admin.ModelAdmin):
    """Rows of the alignment: an editor's correction is kept when either version is re-imported."""

    form = AlignedPairForm
    list_display = ["left_briefing", "row", "left_exchange", "right_exchange", "score", "edited"]
    list_filter = ["edited", "kind", "left_briefing__date"]
    list_select_related = ["left_briefing__source", "left", "right"]
    search_fields = ["left__text", "right__text"]
    raw_id_fields = ["left", "right"]
    readonly_fields = ["left_briefing", "right_briefing", "kind", "row", "score", "edited"]
    fields = ["left_briefing", "right_briefing", "kind", "row", "left", "right", "score", "edited"]
    ordering = ["-left_briefing__date", "left_briefing", "row"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # rows come from the alignment; an editor corrects one

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AlignedPair]:
        return super().get_queryset(request).select_related("right_briefing__source")

    @admin.display(description="exchange")
    def left_exchange(self, pair: AlignedPair) -> str:
        return self.describe(pair.left)

    @admin.display(description="counterpart")
    def right_exchange(self, pair: AlignedPair) -> str:
        return self.describe(pair.right)

    @staticmethod
    def describe(question: Question | None) -> str:
        if question is None:
            return "—"
        return f"#{question.number} {question.asker_label}: {question.text[:80]}"

    def save_model(
        self, request: HttpRequest, obj: AlignedPair, form: forms.ModelForm, change: bool
    ) -> None:
        # The pair takes its exchanges from other rows and the rest is aligned around it.
        set_pair(obj)
