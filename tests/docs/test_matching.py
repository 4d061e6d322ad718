"""The example reader and matcher of tests/docs/examples.py: it must be able to fail."""
from __future__ import annotations

import pytest

from .examples import examples, for_port, matches

PAGE = """Some text.

```console
$ curl -s localhost:8080/a -d '{
    "x": 1}'
{"id": ..., "x": 1}
$ dropsim clock advance 10m \\
    --account default
default: ... -> ...
0 transition(s).
$ true
```

```sh
curl not-an-example
```
"""


def test_commands_span_open_quotes_and_backslashes():
    found = examples(PAGE)
    assert [(e.line, e.command) for e in found] == [
        (4, "curl -s localhost:8080/a -d '{\n    \"x\": 1}'"),
        (7, "dropsim clock advance 10m \\\n    --account default"),
        (11, "true")]
    assert found[0].answer == '{"id": ..., "x": 1}\n'
    assert found[2].answer == ""


def test_a_block_must_start_with_a_command():
    with pytest.raises(ValueError, match="starts with"):
        examples("```console\n{}\n$ true\n```\n")


@pytest.mark.parametrize("shown, actual", [
    ('{"id": ..., "x": 1}', '{"id":464,"x":1}'),
    ('{"a": [1, 2],\n "b": "c d"}', '{"b":"c d","a":[1,2]}'),  # JSON: parsed
    ("default: ... -> ...\n0 transition(s).", "default: 1 -> 2\n0 transition(s).\n"),
    ("", "\n"),
])
def test_shown_answers_match(shown, actual):
    assert matches(shown, actual)


@pytest.mark.parametrize("shown, actual", [
    ('{"id": ..., "x": 1}', '{"id":464,"x":2}'),
    ('{"a": 1}', '{"a":1,"b":2}'),
    ("0 transition(s).", "1 transition(s)."),
    ("", "something"),
    ("abc...", "xabc"),
])
def test_other_answers_do_not(shown, actual):
    assert not matches(shown, actual)


def test_the_default_base_address_points_at_the_test_server():
    assert for_port("curl localhost:8080/x http://127.0.0.1:8080/y localhost:80801", 5123) == (
        "curl 127.0.0.1:5123/x http://127.0.0.1:5123/y localhost:80801")
