"""The dashboard's clock line reads as a person would say it: to the nearest minute from a
minute up, so an hour's advance of a frozen clock stays "1 h" while real time moves on."""
from __future__ import annotations

import pytest


def _offset_text(client) -> str:
    html = client.get("/_sim/ui/clock?partial=1").get_data(as_text=True)
    start = html.index('<span class="clock-offset">') + len('<span class="clock-offset">')
    return html[start:html.index("</span>", start)]


@pytest.mark.parametrize("seconds, shown", [
    (3590, "1 h ahead of real time"),  # 59 min 50 s, less what real time took since
    (3500, "58 min ahead of real time"),
    (90_000, "1 d 1 h ahead of real time"),
    (20, "20 s ahead of real time"),
])
def test_a_frozen_clocks_offset_is_shown_to_the_nearest_minute(client, frozen, advance,
                                                                 seconds, shown):
    advance(seconds=seconds)
    assert _offset_text(client) == shown
    assert client.get("/_sim/clock").get_json()["frozen"] is True


def test_a_running_clock_at_real_time_says_so(client):
    assert _offset_text(client) == "at real time"
