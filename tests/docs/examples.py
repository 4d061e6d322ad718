"""The docs' executable examples: ```console blocks, read and checked like doctests.

In a ```console block a line starting with `$ ` is a command (curl or the dropsim CLI); it goes
on over the next lines while bash would wait for more (an open quote or `$(`, a trailing pipe
or backslash). The lines after it, up to the next command, are its answer as the reader should
see it: `...` stands for any text (ids, dates, tokens), and whitespace in the shown answer matches any whitespace or
none, so a long JSON answer may be wrapped. An answer that is JSON without `...` is compared
after parsing. A command shown with no answer must print nothing.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DEFAULT_BASE = re.compile(r"(?:localhost|127\.0\.0\.1):8080\b")
FENCE = re.compile(r"^```(\S*)\s*$")


@dataclass
class Example:
    line: int  # where the command starts in its page, 1-based
    command: str
    answer: str

    def where(self, page: Path) -> str:
        return f"{page.relative_to(ROOT)}:{self.line}"


def fenced_blocks(text: str):
    """(language, first line number, lines) of every fenced block of a markdown text."""
    language, start, lines = None, 0, []
    for number, line in enumerate(text.split("\n"), 1):
        fence = FENCE.match(line)
        if language is None and fence:
            language, start, lines = fence.group(1), number + 1, []
        elif language is not None and line.startswith("```"):
            yield language, start, lines
            language = None
        elif language is not None:
            lines.append(line)


def _complete(command: str) -> bool:
    """Whether bash reads the text as whole commands (no open quote, `$(`, pipe or backslash)."""
    if command.endswith("\\"):
        return False
    return subprocess.run(["bash", "-n", "-c", command], capture_output=True).returncode == 0


def examples(text: str) -> list[Example]:
    """The commands and shown answers of a page's ```console blocks, in order."""
    found: list[Example] = []
    for language, start, lines in fenced_blocks(text):
        if language != "console":
            continue
        current: Example | None = None
        open_command = False
        for offset, line in enumerate(lines):
            if open_command:
                current.command += "\n" + line
                open_command = not _complete(current.command)
            elif line.startswith("$ "):
                current = Example(start + offset, line[2:], "")
                found.append(current)
                open_command = not _complete(current.command)
            elif current is None:
                raise ValueError(f"line {start + offset}: a console block starts with '$ '")
            else:
                current.answer += line + "\n"
        if open_command:
            raise ValueError(f"line {current.line}: the command never ends")
    return found


def for_port(text: str, port: int) -> str:
    """The text with the default base address replaced by the test server's."""
    return DEFAULT_BASE.sub(f"127.0.0.1:{port}", text)


def _pattern(shown: str) -> re.Pattern:
    parts = []
    for token in re.split(r"(\.\.\.|\s+)", shown):
        if token == "...":
            parts.append(".*?")
        elif token.isspace():
            parts.append(r"\s*")
        elif token:
            parts.append(re.escape(token))
    return re.compile("".join(parts), re.DOTALL)


def matches(shown: str, actual: str) -> bool:
    """Whether a command's output is the answer the docs show."""
    shown, actual = shown.strip(), actual.strip()
    if "..." not in shown and shown[:1] in ("{", "["):
        try:
            return json.loads(shown) == json.loads(actual)
        except ValueError:
            pass
    return _pattern(shown).fullmatch(actual) is not None
