"""The README's command table and the argument parser say the same (as sqlite-utils checks its docs): every
command the parser has is in the table, every command in the table exists, and a row names exactly the options
of its command (--help and --db aside). The parser is read through its own --help, as a user reads it."""
import contextlib
import io
import re
from functools import lru_cache
from pathlib import Path

import pytest

from desktop.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def documented() -> dict[tuple[str, ...], set[str]]:
    """(command words) → the options its row names: ("indicators", "list") → set(), () → {"--db", …}."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## The `socds` command", 1)[1].split("\n## ", 1)[0]
    out: dict[tuple[str, ...], set[str]] = {}
    for line in section.splitlines():
        if not line.startswith("| `socds"):
            continue
        for usage in re.findall(r"`(socds[^`]*)`", line.split(" | ", 1)[0]):
            words = []
            for word in usage.split()[1:]:
                if not re.fullmatch(r"[a-z][a-z-]*", word):
                    break
                words.append(word)
            out.setdefault(tuple(words), set()).update(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", usage))
    return out


@lru_cache(maxsize=None)
def help_of(words: tuple[str, ...]) -> str | None:
    """`socds WORDS --help` as printed; None when the parser has no such command."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            build_parser().parse_args([*words, "--help"])
        except SystemExit as exc:
            if exc.code != 0:
                return None
    return out.getvalue()


def sub_commands(words: tuple[str, ...]) -> list[str]:
    """The sub-commands listed under the positional argument of `socds WORDS --help` (indented four spaces)."""
    text = help_of(words).split("options:", 1)[0]
    return re.findall(r"^    ([a-z][a-z-]*)(?:\s|$)", text, flags=re.M)


def commands() -> set[tuple[str, ...]]:
    """Every command that runs: () for the GUI, ("calendar",), ("indicators", "list"), …"""
    out, todo = {()}, [(w,) for w in sub_commands(())]
    while todo:
        words = todo.pop()
        subs = sub_commands(words)
        todo += [words + (s,) for s in subs]
        if not subs:
            out.add(words)
    return out


def test_every_command_of_the_parser_is_in_the_readme():
    missing = sorted(" ".join(w) for w in commands() - set(documented()))
    assert not missing, f"README.md has no row for: {missing}"


def test_every_command_in_the_readme_exists():
    unknown = sorted(" ".join(w) for w in set(documented()) - commands())
    assert not unknown, f"README.md names commands the parser does not have: {unknown}"


@pytest.mark.parametrize("words", sorted(documented()), ids=lambda w: " ".join(w) or "gui")
def test_options_named_in_the_readme_exist(words):
    text = help_of(words)
    assert text is not None, f"no command `socds {' '.join(words)}`"
    unknown = {o for o in documented()[words] if not re.search(rf"(?<![\w-]){o}(?![\w-])", text)}
    assert not unknown, f"`socds {' '.join(words)}` has no option {sorted(unknown)}"


@pytest.mark.parametrize("words", sorted(documented()), ids=lambda w: " ".join(w) or "gui")
def test_every_option_of_a_command_is_in_its_row(words):
    text = help_of(words)
    assert text is not None, f"no command `socds {' '.join(words)}`"
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text.split("options:", 1)[-1])) - {"--help", "--db"}
    missing = options - documented()[words]
    assert not missing, f"README.md's row for `socds {' '.join(words)}` does not name {sorted(missing)}"
