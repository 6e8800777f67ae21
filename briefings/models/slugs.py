"""Slugs: made from names, unique within a model, and former slugs that redirect to the row."""

from __future__ import annotations

import re
from typing import ClassVar, TypeVar

from django.db import models
from django.utils.text import slugify

# Apostrophes and dots join what they stand in ("China's", "U.S."); every other mark
# (dashes of any length, slashes, ampersands, brackets) separates words.
SLUG_JOINERS = re.compile(r"['’‘`.]")
SLUG_SEPARATORS = re.compile(r"[^\w\s-]|_")

Row = TypeVar("Row", bound=models.Model)


def slug_from_name(name: str) -> str:
    """A URL slug for a name: 'Taiwan–US relations' is taiwan-us-relations, 'U.S.' us."""
    return slugify(SLUG_SEPARATORS.sub(" ", SLUG_JOINERS.sub("", name)))


def unique_slug(model: type[models.Model], name: str, field: str = "slug") -> str:
    """A slug for name that no row of model has yet (`name`, `name-2`, …)."""
    base = slug_from_name(name)[:180].strip("-") or model._meta.model_name or "row"
    slug, n = base, 1
    while model._default_manager.filter(**{field: slug}).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class SlugRedirect(models.Model):
    """A former slug of a row whose slug is its address, and the row it leads to now.

    Subclasses add the foreign key and name it in `target`.
    """

    target: ClassVar[str]

    old_slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        abstract = True
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {getattr(self, self.target).slug}"

    @classmethod
    def keep(cls, row: models.Model, old_slug: str) -> None:
        """Keep a row's former slug answering with a redirect to its current one."""
        # A slug the row takes back is its address again, not a redirect.
        cls._default_manager.filter(old_slug=row.slug).delete()  # type: ignore[attr-defined]
        if old_slug and old_slug != row.slug:  # type: ignore[attr-defined]
            cls._default_manager.update_or_create(old_slug=old_slug, defaults={cls.target: row})

    @classmethod
    def resolve(cls, rows: models.QuerySet[Row], slug: str) -> Row | None:
        """The row with this slug, or the one whose former slug it is; None if neither."""
        row = rows.filter(slug=slug).first()
        if row is not None:
            return row
        old = cls._default_manager.filter(old_slug=slug).select_related(cls.target).first()
        return getattr(old, cls.target) if old is not None else None
