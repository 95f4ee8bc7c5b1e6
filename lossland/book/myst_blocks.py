"""The directive blocks of a chapter's MyST source, found by a Markdown parser.

The coursework, the student edition, ``make lab`` and the Instructors page all need a chapter's
exercises and solutions: sphinx-exercise's plain blocks (a ``{solution}`` directive) and its
gated ones (``{exercise-start}`` ... ``{exercise-end}``, whose body may hold code cells).  They
are found here, once, by markdown-it-py with the block rules that jupytext and MyST use
(CommonMark, front matter, MyST targets and breaks, ``:::`` colon fences, ``$$`` math), so a
fence inside a code block or a longer enclosing fence is never taken for a directive, as a
line-by-line scan would.  Blocks are given as line spans of the source, so callers can copy or
cut the source exactly as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin

from lossland.core.validation import check_text

__all__ = ["Block", "blocks", "source_lines", "without_blocks"]

_PARSER = (
    MarkdownIt("commonmark")
    .enable("table")
    .use(front_matter_plugin)
    .use(myst_block_plugin)
    .use(colon_fence_plugin)
    .use(dollarmath_plugin)
    .use(amsmath_plugin)
    .disable("inline", True)  # only the block structure matters here
)
_DIRECTIVE = re.compile(r"\{(?P<name>[\w-]+)\}[ \t]*(?P<argument>.*)")
_OPTION = re.compile(r":(?P<key>[\w-]+):[ \t]*(?P<value>.*)")


@dataclass(frozen=True)
class Block:
    """One directive block of a source: a plain ``{name}`` directive or a gated ``{name-start}``/``{name-end}`` pair.

    ``argument`` is the text after ``{name}`` on the opening line (a solution's exercise label),
    ``options`` the ``:key: value`` lines that open the directive.  Lines are counted from 0 as in
    :func:`source_lines`: the block is lines ``start`` to ``end`` (exclusive), the fences included;
    its body is lines ``body_start`` to ``body_end``: for a gated block, from the line after the
    opening directive to the ``{name-end}`` line, for a plain one, from the line after its options
    to its closing fence.
    """

    name: str
    gated: bool
    argument: str
    options: dict[str, str]
    start: int
    end: int
    body_start: int
    body_end: int


def source_lines(text: str) -> list[str]:
    """``text`` cut into lines, each with its newline, as the parser counts them (only ``\\n`` ends a line)."""
    text = check_text(text, "text")
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _directives(text: str) -> list[tuple[str, str, dict[str, str], int, int, int, int]]:
    """Every fenced directive: (name, argument, options, start, end, first body line, last body line + 1)."""
    lines = source_lines(text)
    found = []
    for token in _PARSER.parse(text):
        if token.type not in ("fence", "colon_fence") or token.map is None:
            continue
        head = _DIRECTIVE.fullmatch(token.info.strip())
        if head is None:
            continue
        start, end = token.map
        options, option_lines = {}, 0
        for line in token.content.splitlines():  # the directive's leading ":key: value" lines
            option = _OPTION.fullmatch(line.strip())
            if option is None:
                break
            options[option.group("key")] = option.group("value").strip()
            option_lines += 1
        closing = lines[end - 1].strip() if end - 1 > start else ""  # a fence left open runs to the end
        closed = len(closing) >= len(token.markup) and set(closing) == {token.markup[0]}
        found.append((head.group("name"), head.group("argument").strip(), options, start, end,
                      start + 1 + option_lines, end - 1 if closed else end))
    return found


def blocks(text: str, name: str) -> list[Block]:
    """The ``name`` blocks of the MyST source ``text`` (``name`` e.g. ``"solution"``), in order.

    Both forms count: a plain ``{name}`` directive and a gated pair, from ``{name-start}`` to the
    next ``{name-end}`` (sphinx-exercise's blocks whose body holds code cells).  A ``{name-start}``
    without its ``{name-end}`` raises a ``ValueError`` naming its line.
    """
    if not re.fullmatch(r"[\w-]+", check_text(name, "name")):
        raise ValueError(f"name must be a directive's name such as 'solution' (letters, digits, '-', '_'), got {name!r}.")
    found, pending = [], None
    for kind, argument, options, start, end, body_start, body_end in _directives(text):
        if kind == name:
            found.append(Block(name, False, argument, options, start, end, body_start, body_end))
        elif kind == f"{name}-start" and pending is None:
            pending = (argument, options, start, end)
        elif kind == f"{name}-end" and pending is not None:
            argument, options, first, opened = pending
            found.append(Block(name, True, argument, options, first, end, opened, start))
            pending = None
    if pending is not None:
        raise ValueError(f"text: the {{{name}-start}} block on line {pending[2] + 1} has no {{{name}-end}}; close it.")
    return found


def without_blocks(text: str, name: str) -> tuple[str, int]:
    """``text`` with every ``name`` block (plain or gated, fences included) cut out, and how many were cut."""
    lines, cut = source_lines(text), blocks(text, name)
    for block in reversed(cut):
        del lines[block.start:block.end]
    return "".join(lines), len(cut)
