"""Pages of the dashboard's lists: which page a request asks for, and where a page stands."""
from __future__ import annotations

from typing import Any, Mapping


def window(args: Mapping[str, Any], settings: dict) -> tuple[int, int]:
    """(page number from 1, rows per page) a dashboard list shows, from `?page=`."""
    raw = str(args.get("page") or "1")
    page = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1
    return max(1, page), max(1, settings["dashboard_page_size"])


def paged(rows: list, total: int, page: int, size: int) -> dict:
    """One page of a dashboard list and where it stands: {rows, page, pages, total}."""
    return {"rows": rows, "page": page, "pages": max(1, -(-total // size)), "total": total}
