"""The expression language of conditions and effects.

Scene text such as `trust.alexey >= 2 and not knows.order` is parsed once with Python's `ast`
module, checked against a whitelist of node types and the declared variables (names and
types), and compiled to closures over the state's variable tuple. Nothing from a scene file is
ever passed to eval, exec or compile. Dotted names are variable names, not attribute access.
"""

from __future__ import annotations

import ast
import functools
import itertools
import operator
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .limits import MAX_EXPR_CHARS, MAX_EXPR_DEPTH, MAX_INT
from .model import Condition, Effect, Value, Variable, Vars

Type = Literal["int", "bool", "string"]
Getter = Callable[[Vars], Any]


class ExprError(Exception):
    """A problem in an expression; `col` is the 0-based offset in the expression text."""

    def __init__(self, message: str, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.col = col


@dataclass(frozen=True, slots=True)
class Typed:
    type: Type
    fn: Getter
    node: ast.expr


_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_ARITH: dict[type[ast.operator], Callable[[int, int], int]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}
_FORBIDDEN: dict[type[ast.AST], str] = {
    ast.Call: "function calls are not allowed",
    ast.Subscript: "indexing is not allowed",
    ast.Lambda: "lambdas are not allowed",
    ast.IfExp: "conditional expressions are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.Set: "sets are not allowed",
    ast.NamedExpr: "':=' is not allowed",
    ast.Starred: "'*' unpacking is not allowed",
}
_LITERAL_NAMES: dict[str, bool] = {"true": True, "false": False}
_TYPE_WORD = {"int": "a number", "bool": "true/false", "string": "a string"}


def _col(node: ast.AST) -> int:
    return int(getattr(node, "col_offset", 0))


@functools.lru_cache(maxsize=4096)
def updates_itself(source: str) -> bool:
    """True for `x += n` and `x -= n`: the new value depends on the old one (and clamping
    means the old value is never simply replaced). For an effect that already compiled."""
    tree = ast.parse(source.strip(), mode="exec")
    return bool(tree.body) and isinstance(tree.body[0], ast.AugAssign)


def dotted_name(node: ast.expr) -> str | None:
    """`trust.alexey` as a plain variable name, or None when the node is not a dotted name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


class Compiler:
    """Compiles expressions against one story's declared variables."""

    def __init__(self, variables: tuple[Variable, ...]) -> None:
        self.variables = variables
        self.index = {v.name: i for i, v in enumerate(variables)}
        self.read: set[str] = set()
        self.written: set[str] = set()
        self._cache: dict[tuple[str, str], Any] = {}

    # -- entry points -------------------------------------------------------------

    def condition(self, source: str) -> tuple[Condition, Callable[[Vars], str]]:
        """Compile a condition; returns the predicate and a locked-reason generator."""
        return self._cached(("cond", source), self._condition)  # type: ignore[no-any-return]

    def _condition(self, source: str) -> tuple[Condition, Callable[[Vars], str]]:
        tree = self._parse(source, "eval")
        assert isinstance(tree, ast.Expression)
        typed = self._expr(tree.body)
        if typed.type != "bool":
            raise ExprError(
                f"a condition must be true/false, but this is {_TYPE_WORD[typed.type]}",
                _col(tree.body),
            )
        return typed.fn, self._reason(tree.body)

    def _cached(self, key: tuple[str, str], compile_: Callable[[str], Any]) -> Any:
        """Compile each distinct expression once; repeats still count their reads/writes."""
        hit = self._cache.get(key)
        if hit is None:
            read, written = set(self.read), set(self.written)
            self.read.clear()
            self.written.clear()
            try:
                result = compile_(key[1])
                hit = (result, frozenset(self.read), frozenset(self.written))
            finally:
                self.read |= read
                self.written |= written
            self._cache[key] = hit
        self.read |= hit[1]
        self.written |= hit[2]
        return hit[0]

    def adopt(self, cache: dict[tuple[str, str], Any]) -> None:
        """Compile into (and reuse from) `cache`, a dict of an earlier compiler of the same
        variables (see loadcache.py)."""
        cache.update(self._cache)
        self._cache = cache

    def footprint(self, kind: Literal["cond", "effect"], source: str
                  ) -> tuple[frozenset[str], frozenset[str]]:
        """The variables an already compiled expression reads and writes."""
        hit = self._cache[(kind, source)]
        return hit[1], hit[2]

    def effect(self, source: str) -> tuple[int, Callable[[Vars], Value]]:
        """Compile one effect (`x = e`, `x += e`, `x -= e`) to (index, new-value function)."""
        return self._cached(("effect", source), self._effect)  # type: ignore[no-any-return]

    def _effect(self, source: str) -> tuple[int, Callable[[Vars], Value]]:
        tree = self._parse(source, "exec")
        assert isinstance(tree, ast.Module)
        if len(tree.body) != 1:
            raise ExprError("an effect is exactly one assignment, like `trust.alexey += 1`")
        stmt = tree.body[0]
        if isinstance(stmt, ast.Assign):
            if len(stmt.targets) != 1:
                raise ExprError("assign one variable at a time", _col(stmt))
            target_node, op, value_node = stmt.targets[0], None, stmt.value
        elif isinstance(stmt, ast.AugAssign):
            target_node, op, value_node = stmt.target, stmt.op, stmt.value
            if not isinstance(op, (ast.Add, ast.Sub)):
                raise ExprError("only =, += and -= are allowed in effects", _col(stmt))
        elif isinstance(stmt, ast.Expr):
            raise ExprError(
                "an effect must assign, like `trust.alexey += 1` or `knows.order = true`",
                _col(stmt),
            )
        else:
            raise ExprError("an effect must be `name = value`, `name += n` or `name -= n`")
        name = dotted_name(target_node)
        if name is None:
            raise ExprError("the left side of an effect must be a variable name", _col(stmt))
        var = self._variable(name, _col(target_node))
        self.written.add(name)
        value = self._expr(value_node)
        i = self.index[name]
        if op is not None and var.type != "int":
            raise ExprError(f"{name} is {_TYPE_WORD[var.type]}: only numbers take += and -=", 0)
        if value.type != var.type:
            raise ExprError(
                f"{name} is {_TYPE_WORD[var.type]} but the value is {_TYPE_WORD[value.type]}",
                _col(value_node),
            )
        if var.type == "string":
            self._check_string_literal(var, value_node)
        fn = value.fn
        if var.type == "int":
            lo = var.min if var.min is not None else -MAX_INT
            hi = var.max if var.max is not None else MAX_INT
            if self._reads_nothing(value_node):  # `x += 1`, `x = 0`: most effects; the
                n = fn(())  # value is known now, so the step is one call, not three
                if op is None:
                    return i, _const(lo if n < lo else hi if n > hi else n)
                return i, _add(i, n if isinstance(op, ast.Add) else -n, lo, hi)
            if isinstance(op, ast.Add):
                return i, _clamped(lambda v: v[i] + fn(v), lo, hi)
            if isinstance(op, ast.Sub):
                return i, _clamped(lambda v: v[i] - fn(v), lo, hi)
            return i, _clamped(fn, lo, hi)
        return i, fn

    def effects(self, sources: list[str]) -> Effect | None:
        """Compile a list of effects into one function from variables to variables."""
        return self.chain([self.effect(s) for s in sources])

    @staticmethod
    def chain(steps: list[tuple[int, Callable[[Vars], Value]]]) -> Effect | None:
        """Compiled effects, applied in order, as one function from variables to variables."""
        if not steps:
            return None
        if len(steps) == 1:
            (i, fn), = steps

            def one(v: Vars) -> Vars:
                return (*v[:i], fn(v), *v[i + 1:])

            return one

        def many(v: Vars) -> Vars:
            # Value functions only index by position, so a list serves as well as a tuple.
            w = list(v)
            for i, fn in steps:
                w[i] = fn(w)  # type: ignore[arg-type]
            return tuple(w)

        return many

    # -- parsing and checking -----------------------------------------------------

    def _parse(self, source: str, mode: Literal["eval", "exec"]) -> ast.AST:
        if not isinstance(source, str) or not source.strip():
            raise ExprError("empty expression")
        text = source.strip()
        if "\n" in text:
            raise ExprError("an expression must fit on one line")
        if len(text) > MAX_EXPR_CHARS:
            raise ExprError(f"an expression may be at most {MAX_EXPR_CHARS:,} characters long "
                            f"(this one has {len(text):,})")
        try:
            with warnings.catch_warnings():  # "invalid decimal literal" and the like: the
                warnings.simplefilter("ignore")  # modder gets an ExprError, not a warning
                tree = ast.parse(text, mode=mode)
        except SyntaxError as err:
            col = max((err.offset or 1) - 1, 0)
            msg = err.msg
            if mode == "eval" and ("=>" in text or "=<" in text):
                msg = "write >= and <= with the = last (=> and =< are not operators)"
            elif mode == "eval" and re.search(r"(?<![=!<>])=(?!=)", text):
                msg = "use == to compare (a single = assigns, and belongs in `do:`)"
            raise ExprError(f"syntax error: {msg}", col) from None
        except (ValueError, RecursionError, MemoryError) as err:
            raise ExprError(f"cannot read this expression: {err}") from None
        _check_depth(tree)
        return tree

    def _reads_nothing(self, node: ast.expr) -> bool:
        """True when an (already compiled) expression reads no variable: only literals."""
        return all(isinstance(n, ast.Name) and n.id in _LITERAL_NAMES and n.id not in self.index
                   for n in ast.walk(node) if isinstance(n, (ast.Name, ast.Attribute)))

    def _variable(self, name: str, col: int) -> Variable:
        if name not in self.index:
            from .suggest import did_you_mean

            raise ExprError(f"unknown variable {name!r}{did_you_mean(name, self.index)}", col)
        return self.variables[self.index[name]]

    def _check_string_literal(self, var: Variable, node: ast.expr) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            allowed = var.values or ()
            if node.value not in allowed:
                from .suggest import did_you_mean

                raise ExprError(
                    f"{node.value!r} is not a value of {var.name} (allowed: "
                    f"{', '.join(allowed)}){did_you_mean(node.value, allowed)}",
                    _col(node),
                )

    def _expr(self, node: ast.expr) -> Typed:
        for kind, message in _FORBIDDEN.items():
            if isinstance(node, kind):
                raise ExprError(message, _col(node))
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool):
                return Typed("bool", _const(value), node)
            if isinstance(value, int):
                if abs(value) > MAX_INT:
                    raise ExprError(f"a whole number may be at most {MAX_INT:,} either side "
                                    "of zero", _col(node))
                return Typed("int", _const(value), node)
            if isinstance(value, str):
                return Typed("string", _const(value), node)
            raise ExprError(f"{value!r}: only whole numbers, strings, true and false", _col(node))
        if isinstance(node, (ast.Name, ast.Attribute)):
            name = dotted_name(node)
            if name is None:
                raise ExprError("attribute access is not allowed", _col(node))
            if name in _LITERAL_NAMES and name not in self.index:
                return Typed("bool", _const(_LITERAL_NAMES[name]), node)
            var = self._variable(name, _col(node))
            self.read.add(name)
            return Typed(var.type, operator.itemgetter(self.index[name]), node)
        if isinstance(node, ast.UnaryOp):
            inner = self._expr(node.operand)
            if isinstance(node.op, ast.Not):
                self._want(inner, "bool", "not")
                f = inner.fn
                return Typed("bool", lambda v: not f(v), node)
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                self._want(inner, "int", "a sign")
                if isinstance(node.op, ast.UAdd):
                    return Typed("int", inner.fn, node)
                g = inner.fn
                return Typed("int", lambda v: -g(v), node)
            raise ExprError("this operator is not allowed", _col(node))
        if isinstance(node, ast.BoolOp):
            parts = [self._expr(value) for value in node.values]
            word = "and" if isinstance(node.op, ast.And) else "or"
            for part in parts:
                self._want(part, "bool", word)
            fns = tuple(p.fn for p in parts)
            if isinstance(node.op, ast.And):
                if len(fns) == 2:
                    a, b = fns
                    return Typed("bool", lambda v: a(v) and b(v), node)
                return Typed("bool", lambda v: all(f(v) for f in fns), node)
            if len(fns) == 2:
                a, b = fns
                return Typed("bool", lambda v: a(v) or b(v), node)
            return Typed("bool", lambda v: any(f(v) for f in fns), node)
        if isinstance(node, ast.BinOp):
            arith = _ARITH.get(type(node.op))
            if arith is None:
                raise ExprError("only +, - and * are allowed", _col(node))
            left, right = self._expr(node.left), self._expr(node.right)
            self._want(left, "int", "arithmetic")
            self._want(right, "int", "arithmetic")
            lf, rf = left.fn, right.fn
            return Typed("int", lambda v: arith(lf(v), rf(v)), node)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        raise ExprError(f"{type(node).__name__} is not allowed in expressions", _col(node))

    def _want(self, typed: Typed, want: Type, what: str) -> None:
        if typed.type != want:
            raise ExprError(
                f"{what} needs {_TYPE_WORD[want]}, but this is {_TYPE_WORD[typed.type]}",
                _col(typed.node),
            )

    def _compare(self, node: ast.Compare) -> Typed:
        operands = [node.left, *node.comparators]
        typed = [self._expr(o) for o in operands]
        links: list[Getter] = []
        for (left, right), op in zip(itertools.pairwise(typed), node.ops, strict=True):
            compare = _COMPARE.get(type(op))
            if compare is None:
                raise ExprError("only == != < <= > >= compare values", _col(right.node))
            if left.type != right.type:
                raise ExprError(
                    f"cannot compare {_TYPE_WORD[left.type]} with {_TYPE_WORD[right.type]}",
                    _col(right.node),
                )
            if left.type != "int" and not isinstance(op, (ast.Eq, ast.NotEq)):
                raise ExprError(
                    f"{_TYPE_WORD[left.type]} values compare only with == and !=",
                    _col(right.node),
                )
            if left.type == "string":
                for var_side, lit_side in ((left, right), (right, left)):
                    name = dotted_name(var_side.node)
                    if name in self.index:
                        self._check_string_literal(self.variables[self.index[name]], lit_side.node)
            links.append(_compare_fn(compare, left, right))
        if len(links) == 1:
            return Typed("bool", links[0], node)
        chain = tuple(links)
        return Typed("bool", lambda v: all(f(v) for f in chain), node)

    # -- locked reasons -------------------------------------------------------------

    def _reason(self, node: ast.expr) -> Callable[[Vars], str]:
        """A function that tells the player, in words, what a failing condition needs."""
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            parts = [(self._silent(v), self._reason(v)) for v in node.values]

            def first_failing(v: Vars) -> str:
                for cond, why in parts:
                    if not cond(v):
                        return why(v)
                return "Not available now"

            return first_failing
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            reasons = [self._reason(v) for v in node.values]
            return lambda v: " or ".join(
                r(v) if i == 0 else _lower_first(r(v)) for i, r in enumerate(reasons)
            )
        simple = self._simple_reason(node)
        if simple is not None:
            return simple
        return lambda v: "Not available now"

    def _silent(self, node: ast.expr) -> Getter:
        return self._expr(node).fn

    def _simple_reason(self, node: ast.expr) -> Callable[[Vars], str] | None:
        negated = False
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            negated, node = True, node.operand
        name = dotted_name(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if name in self.index:
            var = self.variables[self.index[name]]
            if var.type == "bool":
                label = var.label or name
                if negated:
                    return lambda v: f"Ruled out: {_lower_first(label)}"
                return lambda v: f"Needs: {_lower_first(label)}"
            return None
        if negated or not isinstance(node, ast.Compare) or len(node.ops) != 1:
            return None
        left, op, right = node.left, type(node.ops[0]), node.comparators[0]
        if dotted_name(left) not in self.index and dotted_name(right) in self.index:
            left, right = right, left
            op = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE}.get(op, op)
        name = dotted_name(left)
        if name not in self.index or not isinstance(right, ast.Constant):
            return None
        var = self.variables[self.index[name]]
        i, label, n = self.index[name], var.label or name, right.value
        if var.type == "int" and isinstance(n, int):
            words = {
                ast.GtE: lambda v: f"Needs {label} {n} (you have {v[i]})",
                ast.Gt: lambda v: f"Needs {label} {n + 1} (you have {v[i]})",
                ast.LtE: lambda v: f"Needs {label} at most {n} (you have {v[i]})",
                ast.Lt: lambda v: f"Needs {label} at most {n - 1} (you have {v[i]})",
                ast.Eq: lambda v: f"Needs {label} of exactly {n} (you have {v[i]})",
                ast.NotEq: lambda v: f"Not while {label} is {n}",
            }
            return words.get(op)
        if var.type == "string" and isinstance(n, str):
            word = var.word(n)
            if op is ast.Eq:
                return lambda v: f"Only while {label} is {word}"
            if op is ast.NotEq:
                return lambda v: f"Not while {label} is {word}"
        if var.type == "bool" and isinstance(n, bool):
            want = n if op is ast.Eq else not n
            return (lambda v: f"Needs: {_lower_first(label)}") if want else (
                lambda v: f"Ruled out: {_lower_first(label)}"
            )
        return None


def _check_depth(tree: ast.AST) -> None:
    """Refuse expressions nested deeper than MAX_EXPR_DEPTH before anything recurses over them
    (1,000 `not`s or `-` signs, or `n+n+...` 1,000 terms long, parse fine but nest deep)."""
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_EXPR_DEPTH:
            raise ExprError(f"the expression is nested more than {MAX_EXPR_DEPTH} levels deep",
                            _col(node))
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def _const(value: Value) -> Getter:
    return lambda v: value


def _clamped(fn: Getter, lo: int, hi: int) -> Callable[[Vars], Value]:
    def clamp(v: Vars) -> Value:
        x = fn(v)
        return lo if x < lo else hi if x > hi else x

    return clamp


def _add(i: int, n: int, lo: int, hi: int) -> Callable[[Vars], Value]:
    """`x += n` (n may be negative) clamped to [lo, hi], where x is v[i]."""
    def add(v: Vars) -> Value:
        x: int = v[i] + n  # type: ignore[operator]
        return lo if x < lo else hi if x > hi else x

    return add


def _compare_fn(compare: Callable[[Any, Any], bool], left: Typed, right: Typed) -> Getter:
    """Specialise the common `variable OP constant` shape: it is most conditions."""
    lf, rf = left.fn, right.fn
    if isinstance(right.node, ast.Constant) and isinstance(lf, operator.itemgetter):
        const = right.node.value
        return lambda v: compare(lf(v), const)
    return lambda v: compare(lf(v), rf(v))


def evaluate_reference(source: str, env: Mapping[str, Value]) -> Value:
    """A slow tree-walking evaluator, the oracle the compiled closures are tested against."""
    tree = ast.parse(source.strip(), mode="eval")

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.Name, ast.Attribute)):
            name = dotted_name(node)
            assert name is not None
            return env[name] if name in env else _LITERAL_NAMES[name]
        if isinstance(node, ast.UnaryOp):
            x = ev(node.operand)
            return not x if isinstance(node.op, ast.Not) else -x if isinstance(
                node.op, ast.USub
            ) else x
        if isinstance(node, ast.BoolOp):
            values = [ev(v) for v in node.values]
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.BinOp):
            return _ARITH[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.Compare):
            items = [ev(node.left), *(ev(c) for c in node.comparators)]
            return all(
                _COMPARE[type(op)](a, b)
                for op, a, b in zip(node.ops, items, items[1:], strict=False)
            )
        raise ValueError(type(node).__name__)

    return ev(tree)  # type: ignore[no-any-return]

