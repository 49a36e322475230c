"""The one YAML reader: composed nodes to plain data, core tags only, aliases within a budget.

Every YAML file stockgate reads (scenarios, mappings, seeds, profiles, overlays, accepted changes,
surfaces, cassettes, contract documents) goes through :func:`parse`. PyYAML composes a document into
a graph in which an alias is the anchored node itself; plain data copies that node once per alias,
so nine aliases of nine aliases of ... (a "billion laughs") fill memory from a few hundred bytes.
:func:`parse` counts the values aliases add and stops at :data:`ALIAS_BUDGET`, refuses an alias
inside its own anchor, nesting beyond :data:`MAX_DEPTH`, and any tag but YAML's core ones
(``!!python/name:...`` included), each as one :class:`~stockgate.errors.DataError` with file:line.
Merge keys (``<<: *defaults``) work, explicit keys winning. Duplicate keys are an error and
timestamps stay text (schemas say which strings are dates).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import yaml

from stockgate.errors import DataError

# libyaml's safe loader is ~10x faster and ships in PyYAML's wheels; the pure one is the fallback.
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ALIAS_BUDGET = 10_000  # values aliases may add to one file: reusing a block a few times costs tens
MAX_DEPTH = 100  # human-written files nest a dozen levels; contract documents about twenty
_CORE = "tag:yaml.org,2002:"
MAP, SEQ, MERGE, TIMESTAMP = (_CORE + t for t in ("map", "seq", "merge", "timestamp"))
CORE_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
BINARY = _CORE + "binary"  # cassettes only: a body that is not UTF-8 text
_PLAIN = "plain values (text, numbers, true/false, null, lists and mappings)"

Key = tuple[str | int, ...]
_constructor = yaml.constructor.SafeConstructor()


def parse(text: str | bytes, shown: str, *, lines: dict[Key, int] | None = None,
          tags: frozenset[str] = CORE_TAGS) -> Any:
    """Plain data of one YAML document; ``lines`` (when given) gets the 1-based line of every key path.

    ``shown`` names the file in errors; ``tags`` are the scalar tags allowed (default: YAML's core).
    """
    node = compose(text, shown)
    if node is None:
        return None
    return _Builder(shown, tags, {} if lines is None else lines).build(node, ())


def compose(text: str | bytes, shown: str) -> yaml.Node | None:
    """The document's node graph (aliases not expanded); DataError with file:line on a syntax error."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = "; ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise DataError(f"not valid YAML: {problem}", where=f"{shown}{line}", hint="Fix the syntax") from None
    except yaml.YAMLError as exc:  # a reader error: a control character, bytes that are not UTF-8
        where = shown
        position = getattr(exc, "position", None)
        if isinstance(text, str) and isinstance(position, int):
            where += f":{text.count(chr(10), 0, position) + 1}"
        raise DataError(f"not valid YAML: {str(exc).splitlines()[0]}", where=where,
                        hint="Save the file as UTF-8 text without control characters") from None
    return node


def tag_name(tag: str) -> str:
    """``!!int`` for YAML's own tags, the tag as written otherwise."""
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


class _Builder:
    """One document's nodes to plain data, counting the values that aliases add."""

    def __init__(self, shown: str, tags: frozenset[str], lines: dict[Key, int]) -> None:
        self.shown = shown
        self.tags = tags
        self.lines = lines
        self.seen: set[int] = set()  # nodes built once: meeting one again is an alias
        self.open: set[int] = set()  # collections being built: an alias to one of them never ends
        self.spent = 0  # values added by aliases so far
        self.copying = 0  # how many alias copies enclose the node being built
        self.alias_at: tuple[Key, int] = ((), 0)  # where the outermost alias being copied sits: key path, line

    def build(self, node: yaml.Node, at: Key) -> Any:
        """Plain data of ``node`` found at key path ``at``."""
        copy = self._visit(node, at)
        self.lines.setdefault(at, node.start_mark.line + 1)
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            return self._scalar(node, at)
        if len(at) >= MAX_DEPTH:
            raise self._error(f"nested more than {MAX_DEPTH} levels deep", at, hint="Flatten the file")
        self.open.add(id(node))
        self.copying += copy
        try:
            return self._mapping(node, at) if isinstance(node, yaml.MappingNode) else self._sequence(node, at)
        finally:
            self.open.discard(id(node))
            self.copying -= copy

    def _visit(self, node: yaml.Node, at: Key) -> bool:
        """Whether ``node`` was met before (an alias's copy: counted); refuse an alias inside its own anchor."""
        ident = id(node)
        if ident in self.open:
            raise self._error("an alias refers to itself (its anchor encloses it)", at, line=self._line_at(at),
                              hint="Remove the alias or move the anchor")
        if ident not in self.seen:
            self.seen.add(ident)
            return False
        if not self.copying:
            self.alias_at = (at, self._line_at(at))  # before the copy's lines, which are its anchor's
        self.spent += 1
        if self.spent > ALIAS_BUDGET:
            raise self._error(f"YAML aliases expand to more than {ALIAS_BUDGET} values", self.alias_at[0],
                              line=self.alias_at[1],
                              expected="anchors reused a few times",
                              hint="Write the values out, or reuse fewer and smaller anchors")
        return True

    def _line_at(self, at: Key) -> int:
        """The line of ``at`` or of its parent (an alias's own place, not its anchor's)."""
        return self.lines.get(at) or self.lines.get(at[:-1]) or 0

    def _mapping(self, node: yaml.MappingNode, at: Key) -> dict[Any, Any]:
        self._check_tag(node, MAP, at)
        out: dict[Any, Any] = {}
        merges: list[tuple[yaml.Node, int]] = []
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == MERGE:
                merges.append((value_node, line))
                continue
            key = self._key(key_node, at)
            if key in out:
                raise self._error(f"duplicate key '{key}'", at, line=line, hint="Keep one of the two entries")
            self.lines[(*at, key)] = line
            out[key] = self.build(value_node, (*at, key))
        for value_node, line in merges:
            self._merge(out, value_node, (*at, "<<"), line)
        return out

    def _merge(self, out: dict[Any, Any], value_node: yaml.Node, at: Key, line: int) -> None:
        """``<<: *a`` or ``<<: [*a, *b]``: keys not written out come from the mappings, the first one first."""
        self.lines[at] = line
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for n, source in enumerate(sources):
            merged = self.build(source, (*at, n))
            if not isinstance(merged, dict):
                raise self._error("a merge key '<<' takes a mapping or a list of mappings", at, line=line,
                                  hint="Point it at an anchored mapping")
            for key, value in merged.items():
                if key not in out:
                    out[key] = value
                    self.lines[(*at[:-1], key)] = line

    def _sequence(self, node: yaml.SequenceNode, at: Key) -> list[Any]:
        self._check_tag(node, SEQ, at)
        return [self.build(item, (*at, n)) for n, item in enumerate(node.value)]

    def _key(self, node: yaml.Node, at: Key) -> Any:
        """A mapping key: a scalar (text, number, true/false or null), never a list or a mapping."""
        if not isinstance(node, yaml.ScalarNode):
            raise self._error("a key must be text or a number", at, line=node.start_mark.line + 1,
                              actual="a list" if isinstance(node, yaml.SequenceNode) else "a mapping",
                              hint="Write the key as plain text")
        self._visit(node, at)
        return self._scalar(node, at)

    def _scalar(self, node: yaml.Node, at: Key) -> Any:
        tag = node.tag
        if tag not in self.tags:
            raise self._unsupported(node, at)
        try:
            value = _constructor.yaml_constructors[tag](_constructor, node)
        except (ValueError, AttributeError, yaml.constructor.ConstructorError):
            if tag == TIMESTAMP:  # a date-shaped scalar that is no date (2027-02-30): text, for the schema
                return str(node.value)
            raise self._error(f"not a valid {tag_name(tag)}", at, line=node.start_mark.line + 1,
                              actual=_short(str(node.value)), hint="Fix the value or remove the tag") from None
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        if isinstance(value, float) and not math.isfinite(value):  # .nan, .inf, 1.0e+309: no platform takes them
            raise self._error("not a finite number", at, line=node.start_mark.line + 1, actual=_short(str(node.value)),
                              expected="a number (NaN and infinity are not quantities, prices or times)",
                              hint="Fix the value")
        return value

    def _check_tag(self, node: yaml.Node, tag: str, at: Key) -> None:
        if node.tag != tag:
            raise self._unsupported(node, at)

    def _unsupported(self, node: yaml.Node, at: Key) -> DataError:
        return self._error(f"unsupported YAML tag '{tag_name(node.tag)}'", at, line=node.start_mark.line + 1,
                           expected=_PLAIN, hint="Remove the tag")

    def _error(self, problem: str, at: Key, *, line: int = 0, expected: str | None = None,
               actual: str | None = None, hint: str) -> DataError:
        line = line or self._line_at(at)
        return DataError(problem, where=f"{self.shown}:{line}" if line else self.shown, key=dotted(at) or None,
                         expected=expected, actual=actual, hint=hint)


def dotted(key_path: Sequence[str | int]) -> str:
    """``a.b[2].c`` for a key path."""
    out = ""
    for key in key_path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
