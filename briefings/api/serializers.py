"""What the API says about each thing: its stable id, its permalink on the site, its data.

Ids are the database's and never change; permalinks are the public pages' addresses
(absolute, on SITE_URL), which keep answering as the archive promises.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..citations import absolute_url
from ..models import Answer, Briefing, Entity, Question, Source, Statement, Topic


@extend_schema_field(OpenApiTypes.URI)
class Permalink(serializers.Field):
    """The absolute address of an object's public page.

    `route` names the page (with the slug as its argument) where the object's own
    get_absolute_url is not the page meant, e.g. an entity seen as a spokesperson.
    """

    def __init__(self, route: str | None = None, **kwargs: Any) -> None:
        self.route = route
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        path = reverse(self.route, args=[value.slug]) if self.route else value.get_absolute_url()
        return absolute_url(self.context.get("request"), path)


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "name", "main_language"]


class EntityRefSerializer(serializers.ModelSerializer):
    """An entity named by an exchange or a briefing: enough to find it again."""

    permalink = Permalink()

    class Meta:
        model = Entity
        fields = ["id", "slug", "name", "kind", "permalink"]


class SpokespersonRefSerializer(EntityRefSerializer):
    permalink = Permalink("briefings:spokesperson")


class TopicRefSerializer(serializers.ModelSerializer):
    permalink = Permalink()

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "permalink"]


class BriefingRefSerializer(serializers.ModelSerializer):
    """The briefing an exchange belongs to."""

    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    permalink = Permalink()

    class Meta:
        model = Briefing
        fields = ["id", "date", "source", "language", "title", "permalink"]


class AnswerSerializer(serializers.ModelSerializer):
    speaker = EntityRefSerializer(allow_null=True, help_text="The speaker resolved, if known.")

    class Meta:
        model = Answer
        fields = ["position", "speaker_label", "speaker", "text"]
        extra_kwargs = {"speaker_label": {"help_text": "The speaker as printed."}}


class ExchangeInBriefingSerializer(serializers.ModelSerializer):
    """An exchange (a question and its answers), as listed in its briefing."""

    permalink = Permalink()
    asker = EntityRefSerializer(allow_null=True, help_text="The outlet that asked, if known.")
    question = serializers.CharField(source="text", help_text="The question's text.")
    answers = AnswerSerializer(source="answer_list", many=True)
    topics = TopicRefSerializer(source="tagged_topics", many=True)
    entities = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "number",
            "position",
            "permalink",
            "asker_label",
            "asker",
            "follows",
            "question",
            "answers",
            "topics",
            "entities",
        ]
        extra_kwargs = {
            "asker_label": {"help_text": "The asker as printed: 'China Daily', 'Q'."},
            "follows": {"help_text": "The id of the exchange this one follows up."},
        }

    @extend_schema_field(EntityRefSerializer(many=True))
    def get_entities(self, question: Question) -> list[dict[str, Any]]:
        """The entities the exchange names (editors' rejections left out)."""
        mentions = question.found_mentions  # type: ignore[attr-defined]
        entities = [mention.entity for mention in mentions]
        return EntityRefSerializer(entities, many=True, context=self.context).data


class ExchangeSerializer(ExchangeInBriefingSerializer):
    """An exchange with the briefing it belongs to."""

    briefing = BriefingRefSerializer()

    class Meta(ExchangeInBriefingSerializer.Meta):
        fields = ["id", "briefing", *ExchangeInBriefingSerializer.Meta.fields[1:]]


class BriefingSerializer(serializers.ModelSerializer):
    """A briefing as listed."""

    permalink = Permalink()
    source = SourceSerializer()
    spokespersons = SpokespersonRefSerializer(many=True)
    counterpart = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The id of the same briefing in its other language."
    )

    class Meta:
        model = Briefing
        fields = [
            "id",
            "date",
            "source",
            "language",
            "sequence",
            "title",
            "permalink",
            "official_url",
            "spokespersons",
            "counterpart",
        ]


class StatementSerializer(serializers.ModelSerializer):
    speaker = EntityRefSerializer(allow_null=True)

    class Meta:
        model = Statement
        fields = ["kind", "position", "speaker_label", "speaker", "text"]


class BriefingDetailSerializer(BriefingSerializer):
    """A briefing with its whole transcript: exchanges and statements, each by position."""

    exchanges = ExchangeInBriefingSerializer(source="questions", many=True)
    statements = StatementSerializer(
        source="outside_statements",
        many=True,
        help_text="Opening remarks and announcements outside the exchanges, by position.",
    )

    class Meta(BriefingSerializer.Meta):
        fields = [*BriefingSerializer.Meta.fields, "exchanges", "statements"]


class TopicSerializer(serializers.ModelSerializer):
    permalink = Permalink()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    exchange_count = serializers.IntegerField(help_text="Published exchanges tagged with it.")

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description", "parent", "permalink", "exchange_count"]


class EntitySerializer(serializers.ModelSerializer):
    permalink = Permalink()
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    exchange_count = serializers.IntegerField(help_text="Published exchanges that name it.")

    class Meta:
        model = Entity
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "description",
            "wikidata_id",
            "aliases",
            "permalink",
            "exchange_count",
        ]


class SpokespersonSerializer(serializers.ModelSerializer):
    permalink = Permalink("briefings:spokesperson")
    briefing_count = serializers.IntegerField(help_text="Published briefings at the podium.")
    first = serializers.DateField(help_text="The first such briefing's date.")
    last = serializers.DateField(help_text="The last such briefing's date.")

    class Meta:
        model = Entity
        fields = ["id", "slug", "name", "permalink", "briefing_count", "first", "last"]


class OutletSerializer(serializers.ModelSerializer):
    permalink = Permalink("briefings:outlet")
    exchange_count = serializers.IntegerField(help_text="Published exchanges it opened.")

    class Meta:
        model = Entity
        fields = ["id", "slug", "name", "permalink", "exchange_count"]
