"""Who asks and who answers: the entities behind the labels a transcript prints."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..models import Entity, EntityAlias, is_anonymous_asker, normalize_alias, unique_slug
from ..parsing import ParsedTranscript

# Speakers that are a role, not a person the archive can name.
ROLE_SPEAKERS = {
    "moderator",
    "operator",
    "aide",
    "senior administration official",
    "administration official",
    "staff",
    "a",
    "答",
}
HONORIFIC = re.compile(
    r"^(mr|ms|mrs|dr|director|chair|secretary|admiral|general|ambassador|deputy)\.?\s+", re.I
)
# 路透社记者 asks for Reuters: the outlet is the label without the trailing 'reporter'.
ZH_REPORTER_SUFFIX = re.compile(r"(记者|的记者)$")


def outlet_name(label: str) -> str:
    """The outlet a Chinese asker label names: "《澳大利亚人报》记者" is 澳大利亚人报."""
    name = ZH_REPORTER_SUFFIX.sub("", label.strip()) or label.strip()
    if name.startswith("《") and name.endswith("》") and len(name) > 2:
        name = name[1:-1]
    return name


def transcript_names(parsed: ParsedTranscript, spokespersons: Iterable[str]) -> set[str]:
    """Every name the transcript's labels could be an alias of, to look up in one query."""
    names = set(spokespersons)
    for turn in parsed.turns:
        label = (turn.speaker or "").strip()
        if label:
            plain = HONORIFIC.sub("", label).strip()
            names.update((label, plain, outlet_name(label)))
    return names


def is_role(name: str) -> bool:
    """Whether a speaker name is a role ('Moderator', 'Senior Administration Official')."""
    plain = normalize_alias(HONORIFIC.sub("", name.strip()))
    return plain in ROLE_SPEAKERS or plain.endswith(" official")


class EntityResolver:
    """Finds (or creates) the entity a printed label names, through aliases, once per label."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], Entity | None] = {}
        # normalized alias -> its entity, or None when looked up and not found
        self.known: dict[str, Entity | None] = {}
        self.created = 0  # entities this resolver added to the archive

    def preload(self, names: Iterable[str]) -> None:
        """Look up the aliases of many names at once (one query), so later lookups are free."""
        wanted = {normalize_alias(name) for name in names if name} - self.known.keys() - {""}
        if not wanted:
            return
        aliases = EntityAlias.objects.select_related("entity").filter(normalized__in=wanted)
        for alias in aliases:
            self.known[alias.normalized] = alias.entity
        for key in wanted:
            self.known.setdefault(key, None)

    def lookup(self, name: str) -> Entity | None:
        key = normalize_alias(name)
        if key not in self.known:
            self.preload([name])
        return self.known.get(key)

    def get_or_create(self, name: str, kind: str) -> Entity | None:
        name = " ".join(name.split()).strip(" :：")
        if not name:
            return None
        key = (normalize_alias(name), kind)
        if key not in self.cache:
            entity = self.lookup(name)
            if entity is None:
                entity = Entity.objects.create(
                    kind=kind, name=name, slug=unique_slug(Entity, name or kind)
                )
                alias = EntityAlias.objects.create(entity=entity, name=name)
                self.known[alias.normalized] = entity
                self.created += 1
            self.cache[key] = entity
        return self.cache[key]

    def person(self, name: str) -> Entity | None:
        return self.get_or_create(name, Entity.Kind.PERSON)

    def outlet(self, label: str) -> Entity | None:
        """The outlet behind an asker label, or None for an anonymous 'Q'."""
        label = label.strip()
        if is_anonymous_asker(label):
            return None
        known = self.lookup(label)
        if known is not None:
            return known
        return self.get_or_create(outlet_name(label), Entity.Kind.OUTLET)

    def speaker(self, label: str, spokespersons: Sequence[Entity | None]) -> Entity | None:
        """The person behind a speaker label: 'MS. PSAKI' is Jen Psaki when she is briefing."""
        plain = HONORIFIC.sub("", label.strip()).strip()
        if not plain or is_role(plain):
            return spokespersons[0] if len(spokespersons) == 1 and plain.upper() == "A" else None
        for person in spokespersons:
            if person is None:
                continue
            if normalize_alias(person.name) == normalize_alias(plain):
                return person
            if normalize_alias(person.name.split()[-1]) == normalize_alias(plain.split()[-1]):
                return person
        known = self.lookup(plain)
        if known is not None:
            return known
        if plain.isupper():  # 'MR. DEESE': a surname alone; name it as printed, title-cased
            plain = plain.title()
        return self.person(plain)
