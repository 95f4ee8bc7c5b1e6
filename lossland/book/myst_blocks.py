"""The directive blocks of a chapter's MyST source, found by a Markdown parser.

The coursework, the student edition, ``make lab`` and the Instructors page all need a chapter's
exercises and solutions: sphinx-exercise's plain blocks (a ``{solution}`` directive) and its
gated ones (``{exercise-start}`` ... ``{exercise-end}``, whose body may hold code cells).  They
are found here, once, by markdown-it-py with the block rules that jupytext and MyST use
(CommonMark, front matter, MyST targets and breaks, ``:::`` colon fences, ``$$`` math), so a
fence inside a code block or a longer enclosing fence is never taken for a directive, as a
line-by-line scan would.  Blocks are given as line spans of the source, so callers can copy or
cut the source exactly as written.

The rest of a chapter's block structure comes from the same parser, read into the bodies of
directives whose text is MyST (an admonition, a proof, an exercise) but not of those whose
body is code, math or data (:data:`VERBATIM`): the lines that are prose (where the glossary
script links terms), the headings with their labels, a section's lines, and every label a
page defines; and, at the top level of a text, its paragraphs and lists (the syllabus reads a
chapter's Overview with them).
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin

from lossland.core.validation import check_text

__all__ = ["VERBATIM", "Block", "Heading", "blocks", "headings", "labels", "lists", "paragraphs", "prose_lines",
           "section_lines", "source_lines", "without_blocks"]

#: Directives whose body is not MyST (code, math, raw text, data): no block inside them is read.
VERBATIM = ("code-cell", "code", "code-block", "math", "raw", "eval-rst", "mermaid", "csv-table", "bibliography", "toctree")

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
_DIRECTIVE = re.compile(r"\{(?P<name>[\w:-]+)\}[ \t]*(?P<argument>.*)")
_OPTION = re.compile(r":(?P<key>[\w-]+):[ \t]*(?P<value>.*)")


@dataclass(frozen=True)
class Block:
    """One directive block of a source: a plain ``{name}`` directive or a gated ``{name-start}``/``{name-end}`` pair.

    ``argument`` is the text after ``{name}`` on the opening line (a solution's exercise label),
    ``options`` the ``:key: value`` lines that open the directive.  Lines are counted from 0 as in
    :func:`source_lines`: the block is lines ``start`` to ``end`` (exclusive), the fences included;
    its body is lines ``body_start`` to ``body_end``: for a gated block, from the line after the
    opening directive to the ``{name-end}`` line, for a plain one, from the line after its options
    to its closing fence.  The option lines, as written, are lines ``start + 1`` to ``options_end``.
    """

    name: str
    gated: bool
    argument: str
    options: dict[str, str]
    start: int
    end: int
    body_start: int
    body_end: int
    options_end: int


@dataclass(frozen=True)
class Heading:
    """A heading of a source: its level (1 for ``#``), its text as written, the label of a
    ``(label)=`` target on the line just above it ("" without one), and its line (from 0)."""

    level: int
    title: str
    label: str
    line: int


def source_lines(text: str) -> list[str]:
    """``text`` cut into lines, each with its newline, as the parser counts them (only ``\\n`` ends a line)."""
    text = check_text(text, "text")
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


class _Directive(NamedTuple):
    """A fenced directive: its name, argument and options, its lines and its body's (after the options)."""

    name: str
    argument: str
    options: dict[str, str]
    start: int
    end: int
    body_start: int
    body_end: int


def _directive(token: Token, lines: list[str]) -> _Directive | None:
    """A fence ``token`` (lines counted in ``lines``) as a directive, or None for a fence that is no directive (code)."""
    if token.type not in ("fence", "colon_fence") or token.map is None:
        return None
    head = _DIRECTIVE.fullmatch(token.info.strip())
    if head is None:
        return None
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
    return _Directive(head.group("name"), head.group("argument").strip(), options, start, end,
                      start + 1 + option_lines, end - 1 if closed else end)


def _directives(text: str) -> list[_Directive]:
    """Every fenced directive at the top level of ``text``, as :func:`_directive` gives it."""
    lines = source_lines(text)
    found = (_directive(token, lines) for token in _PARSER.parse(text))
    return [directive for directive in found if directive is not None]


def _walk(lines: list[str], first: int, last: int, verbatim: Collection[str]) -> Iterator[tuple[Token, int, int, _Directive | None]]:
    """Every block token of ``lines[first:last]`` with its line span in ``lines`` and, for a directive,
    :func:`_directive`'s reading; the blocks inside a directive's body follow it unless it is ``verbatim``.

    A body is read as the parser reads a page: without the indentation of its directive's fence
    (a directive inside a list item), so that its lines are not taken for indented code.
    """
    indent = len(lines[first - 1]) - len(lines[first - 1].lstrip(" ")) if first else 0
    body = "".join(line[min(indent, len(line) - len(line.lstrip(" "))):] for line in lines[first:last])
    for token in _PARSER.parse(body):
        if token.map is None:
            continue
        token.map = [token.map[0] + first, token.map[1] + first]
        directive = _directive(token, lines)
        yield token, token.map[0], token.map[1], directive
        if directive is not None and directive.name not in verbatim:
            yield from _walk(lines, directive.body_start, directive.body_end, verbatim)


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
            found.append(Block(name, False, argument, options, start, end, body_start, body_end, body_start))
        elif kind == f"{name}-start" and pending is None:
            pending = (argument, options, start, end, body_start)
        elif kind == f"{name}-end" and pending is not None:
            argument, options, first, opened, options_end = pending
            found.append(Block(name, True, argument, options, first, end, opened, start, options_end))
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


#: Block tokens whose lines are not prose: front matter, code, math, headings, targets, comments, breaks.
_NOT_PROSE = ("front_matter", "fence", "colon_fence", "code_block", "math_block", "math_block_label", "amsmath",
              "heading_open", "myst_target", "myst_line_comment", "myst_block_break")


def prose_lines(text: str, verbatim: Collection[str] = VERBATIM) -> list[bool]:
    """For each line of ``text`` (:func:`source_lines`), whether it is prose.

    Not prose: the front matter, code (fenced or indented), ``$$`` and ``\\begin`` math, headings,
    ``(label)=`` targets, ``%`` comments, ``+++`` breaks, a directive's fences and option lines, and
    the whole of a directive named in ``verbatim`` (e.g. a glossary script's list of directives
    whose text it must not touch).  Inside any other directive the body is read as prose is.
    """
    lines = source_lines(text)
    if isinstance(verbatim, str) or not isinstance(verbatim, Collection):
        raise TypeError(f"verbatim must be a list of directive names such as ['code-cell', 'math'], got {verbatim!r}.")
    verbatim = frozenset(check_text(name, "verbatim") for name in verbatim)
    prose = [True] * len(lines)
    for token, start, end, directive in _walk(lines, 0, len(lines), verbatim):
        if token.type not in _NOT_PROSE:
            continue
        spans = [(start, end)]
        if directive is not None and directive.name not in verbatim:  # its body is read on its own
            spans = [(start, directive.body_start), (directive.body_end, end)]
        for first, last in spans:
            prose[first:last] = [False] * (last - first)
    return prose


def headings(text: str) -> list[Heading]:
    """The headings of ``text``, in order, those inside directives whose body is MyST included."""
    lines = source_lines(text)
    found, target, opening = [], None, None
    for token, *_ in _walk(lines, 0, len(lines), VERBATIM):
        if token.type == "inline" and opening is not None:  # the heading's text
            label = target.content.strip() if target is not None and target.map[1] == opening.map[0] else ""
            found.append(Heading(int(opening.tag[1:]), token.content.strip(), label, opening.map[0]))
        opening = token if token.type == "heading_open" else None
        target = token if token.type == "myst_target" else target
    return found


def labels(text: str) -> set[str]:
    """Every label ``text`` defines: its ``(label)=`` targets and its directives' ``:label:`` options."""
    lines = source_lines(text)
    found = set()
    for token, _, _, directive in _walk(lines, 0, len(lines), VERBATIM):
        if token.type == "myst_target":
            found.add(token.content.strip())
        elif directive is not None and directive.options.get("label"):
            found.add(directive.options["label"])
    return found


def section_lines(text: str, title: str) -> tuple[int, int] | None:
    """The lines (start, end) of the prose under the first ``## title`` heading at the top level of
    ``text``, or None without one.

    The prose runs from the line after the heading to the next ``#`` or ``##`` heading, or to the
    first code cell: a chapter's Overview is the text a reader meets before any code.
    """
    title, lines, tokens = check_text(title, "title"), source_lines(text), _PARSER.parse(text)
    start = next((opening.map[1] for opening, inline in zip(tokens, tokens[1:])
                  if opening.type == "heading_open" and opening.level == 0 and opening.tag == "h2"
                  and inline.content.strip() == title), None)
    if start is None:
        return None
    for token in tokens:
        if token.level != 0 or token.map is None or token.map[0] < start:
            continue
        if token.type == "heading_open" and token.tag in ("h1", "h2") or getattr(_directive(token, lines), "name", "") == "code-cell":
            return start, token.map[0]
    return start, len(lines)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The lines (start, end) of each paragraph at the top level of ``text``, in order."""
    return [tuple(token.map) for token in _PARSER.parse(check_text(text, "text"))
            if token.type == "paragraph_open" and token.level == 0]


def lists(text: str) -> list[list[tuple[int, int]]]:
    """The lists at the top level of ``text``, in order, each as the lines (start, end) of its items."""
    found = []
    for token in _PARSER.parse(check_text(text, "text")):
        if token.type in ("bullet_list_open", "ordered_list_open") and token.level == 0:
            found.append([])
        elif token.type == "list_item_open" and token.level == 1:
            found[-1].append(tuple(token.map))
    return found
