"""Two language versions of one briefing, lined up exchange by exchange (see alignment.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .exchanges import Question, Statement


class AlignedPairQuerySet(models.QuerySet["AlignedPair"]):
    def of_briefing(self, briefing_id: int) -> AlignedPairQuerySet:
        """The rows of the alignment a briefing takes part in, on either side."""
        return self.filter(Q(left_briefing_id=briefing_id) | Q(right_briefing_id=briefing_id))

    def alone(self) -> models.QuerySet:
        """The ids of the exchanges the other version leaves out (for a filter's subquery)."""
        exchanges = self.filter(kind=AlignedPair.Kind.EXCHANGE)
        return (
            exchanges.filter(right__isnull=True, left__isnull=False)
            .values("left")
            .union(
                exchanges.filter(left__isnull=True, right__isnull=False).values("right"), all=True
            )
        )

    def counterparts_of(self, question_ids: models.QuerySet) -> models.QuerySet:
        """The ids of the exchanges aligned with these (a queryset of ids)."""
        exchanges = self.filter(kind=AlignedPair.Kind.EXCHANGE)
        return (
            exchanges.filter(left__in=question_ids, right__isnull=False)
            .values("right")
            .union(
                exchanges.filter(right__in=question_ids, left__isnull=False).values("left"),
                all=True,
            )
        )


class AlignedPair(models.Model):
    """One row of a briefing beside its counterpart: an exchange (or opening statement)
    and the one that renders it in the other language, or nothing on one side.

    The left briefing is the one in its source's main language (English for the MFA).
    Rows are recomputed whenever either side is imported again; a row an editor set
    (`edited`) is kept as it is while both its exchanges exist.
    """

    class Kind(models.TextChoices):
        EXCHANGE = "exchange", "Exchange"
        STATEMENT = "statement", "Statement"

    left_briefing = models.ForeignKey(
        "Briefing", on_delete=models.CASCADE, related_name="left_alignment"
    )
    right_briefing = models.ForeignKey(
        "Briefing", on_delete=models.CASCADE, related_name="right_alignment"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EXCHANGE)
    row = models.PositiveIntegerField(help_text="Place in the side-by-side view.")
    left = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Statements are written afresh with every revision, so their rows are too.
    left_statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    right_statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(
        default=0, help_text="How much cross-language evidence the pair has (0 for one side)."
    )
    edited = models.BooleanField(
        default=False, help_text="Set by an editor: kept through later re-alignments."
    )

    objects = AlignedPairQuerySet.as_manager()

    class Meta:
        ordering = ["left_briefing", "row"]
        constraints = [
            models.UniqueConstraint(fields=["left"], name="aligned_left_once"),
            models.UniqueConstraint(fields=["right"], name="aligned_right_once"),
            models.CheckConstraint(
                condition=Q(left__isnull=False)
                | Q(right__isnull=False)
                | Q(left_statement__isnull=False)
                | Q(right_statement__isnull=False),
                name="aligned_pair_has_a_side",
            ),
        ]
        indexes = [models.Index(fields=["right_briefing", "row"])]

    def __str__(self) -> str:
        left = f"#{self.left.number}" if self.left else "—"
        right = f"#{self.right.number}" if self.right else "—"
        return f"{left} ↔ {right}"

    def other(self, question_id: int) -> Question | None:
        """The exchange across from the given one (None: it has no counterpart)."""
        return self.right if self.left_id == question_id else self.left
