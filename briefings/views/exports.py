"""/search/export.csv and /search/export.jsonl: every exchange a search selects, streamed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from ..api.throttles import ExportRateThrottle
from ..exports import csv_lines, exchange_rows, exported_questions, jsonl_lines
from ..filters import SearchFilterSet
from ..models import Question

FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_lines),
    "jsonl": ("application/jsonl; charset=utf-8", jsonl_lines),
}


@require_safe
def export(request: HttpRequest, format: str) -> HttpResponse | StreamingHttpResponse:
    """Every exchange a search selects, streamed as CSV or JSON Lines."""
    throttle = ExportRateThrottle()
    if not throttle.allow_request(request, None):
        wait = throttle.wait() or 60
        response = HttpResponse(
            f"Too many exports from your address; try again in {wait:.0f} seconds.\n",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(round(wait))
        return response
    filterset = SearchFilterSet(request.GET, queryset=Question.objects.published())
    if not filterset.is_valid():
        return HttpResponse(
            "Nothing was exported:\n" + "\n".join(filterset.problems()) + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    content_type, lines = FORMATS[format]
    rows = exchange_rows(exported_questions(filterset), request)
    stream = StreamingHttpResponse(lines(rows), content_type=content_type)
    stream["Content-Disposition"] = f'attachment; filename="briefing-archive-exchanges.{format}"'
    return stream
