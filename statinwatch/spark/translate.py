"""Spark SQL from the statements in sql/: the rules are written once, in DuckDB's dialect, and
sqlglot translates them. Our macros (sql/schema/) are inlined, the run's parameters become
typed literals in the syntax tree (Spark refuses parameter markers in views and window
frames; the values are rule thresholds and the as-of date, never landed data), and the few
constructs sqlglot does not carry over are rewritten here. Anything else outside the portable
subset raises NotPortable, so a new rule cannot silently take a different meaning on Spark.
"""

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import ClassVar

import sqlglot
from sqlglot import exp, transforms
from sqlglot.dialects.spark import Spark
from sqlglot.errors import ErrorLevel

from statinwatch.paths import SQL_DIR


class SparkWithQualify(Spark):
    """Spark SQL as Spark 4 reads it: QUALIFY kept. sqlglot rewrites it for older Sparks into
    a subquery that selects `*` beside named columns, which breaks on `select r.*, ...`."""

    class Generator(Spark.Generator):
        TRANSFORMS: ClassVar[dict] = {
            **Spark.Generator.TRANSFORMS,
            exp.Select: transforms.preprocess(
                [
                    transforms.eliminate_distinct_on,
                    transforms.unnest_to_explode,
                    transforms.any_to_exists,
                ]
            ),
        }


class NotPortable(ValueError):
    """A statement uses DuckDB syntax or a function that has no Spark translation here."""


@dataclass(frozen=True)
class Macro:
    parameters: tuple[str, ...]
    body: exp.Expression


@cache
def macros() -> dict[str, Macro]:
    """Every `create or replace macro` of sql/schema/, by name."""
    found: dict[str, Macro] = {}
    # sqlglot reads nearly every macro; the few it keeps as opaque commands (with a warning
    # each) are not carried over, and a statement calling one fails the portability check.
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    for path in sorted((SQL_DIR / "schema").glob("*.sql")):
        for statement in sqlglot.parse(path.read_text(encoding="utf-8"), read="duckdb"):
            if isinstance(statement, exp.Create) and statement.kind == "MACRO":
                signature = statement.this
                names = tuple(parameter.name for parameter in signature.expressions)
                found[signature.this.name.lower()] = Macro(names, statement.expression)
    return found


def _inline_macros(tree: exp.Expression) -> exp.Expression:
    """Replace each call of one of our macros by its body with the arguments put in."""
    known = macros()

    def inline(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Anonymous) or node.name.lower() not in known:
            return node
        macro = known[node.name.lower()]
        arguments = dict(zip(macro.parameters, node.expressions, strict=True))

        def put_in(inner: exp.Expression) -> exp.Expression:
            if isinstance(inner, exp.Column) and not inner.table and inner.name in arguments:
                return exp.paren(arguments[inner.name].copy(), copy=False)
            return inner

        return _inline_macros(exp.paren(macro.body.copy().transform(put_in), copy=False))

    return tree.transform(inline)


def _literal(value: object) -> exp.Expression:
    """A parameter's value as a typed SQL literal."""
    if isinstance(value, bool) or value is None:
        return exp.convert(value)
    if isinstance(value, datetime):
        return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), "timestamp")
    if isinstance(value, date):
        return exp.cast(exp.Literal.string(value.isoformat()), "date")
    if isinstance(value, float):
        # DuckDB binds a Python float as a double; Spark would read `0.77` as a decimal.
        return exp.cast(exp.convert(value), "double")
    if isinstance(value, int | str):
        return exp.convert(value)
    raise NotPortable(f"no SQL literal for a parameter of type {type(value).__name__}")


def _bind_literals(tree: exp.Expression, params: dict[str, object]) -> exp.Expression:
    def bind(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder) and node.name:
            if node.name not in params:
                raise KeyError(f"SQL needs parameter {node.name!r}")
            return _literal(params[node.name])
        return node

    return tree.transform(bind)


def _constant(node: exp.Expression) -> exp.Literal | None:
    """The literal inside parentheses and casts, e.g. `(cast(28 as integer))`."""
    while isinstance(node, exp.Paren | exp.Cast):
        node = node.this
    return node if isinstance(node, exp.Literal) else None


# DuckDB's to_days(n) and friends: an interval of n units.
_INTERVAL_FUNCTIONS = {"to_days": "DAY", "to_hours": "HOUR", "to_minutes": "MINUTE"}


def _intervals(node: exp.Expression) -> exp.Expression:
    """Intervals with a constant length as Spark literals (window frames accept no other);
    others with make_dt_interval."""
    if isinstance(node, exp.ToDays):
        return _intervals(exp.Interval(this=node.this, unit=exp.var("DAY")))
    if isinstance(node, exp.Anonymous) and node.name.lower() in _INTERVAL_FUNCTIONS:
        unit = _INTERVAL_FUNCTIONS[node.name.lower()]
        return _intervals(exp.Interval(this=node.expressions[0], unit=exp.var(unit)))
    if isinstance(node, exp.Anonymous) and node.name.lower() == "to_microseconds":
        seconds = exp.Div(this=node.expressions[0], expression=exp.Literal.number(1_000_000))
        zero = exp.Literal.number(0)
        return exp.func("make_dt_interval", zero, zero, zero, seconds)
    if not isinstance(node, exp.Interval) or isinstance(node.this, exp.Literal):
        return node
    constant = _constant(node.this)
    if constant is not None:
        return exp.Interval(this=exp.Literal.string(constant.name), unit=node.unit)
    zero = exp.Literal.number(0)
    position = ("DAY", "HOUR", "MINUTE", "SECOND").index(node.unit.name.upper())
    arguments = [zero] * 4
    arguments[position] = node.this
    return exp.func("make_dt_interval", *arguments)


_UNIT_SECONDS = {"DAY": 86_400, "HOUR": 3_600, "MINUTE": 60, "SECOND": 1, "MICROSECOND": 1e-6}


def _day_to_second(interval: exp.Interval) -> exp.Interval:
    """A literal interval as Spark's `interval 'd hh:mm:ss.ffffff' day to second`."""
    amount = float(interval.this.name) * _UNIT_SECONDS[interval.unit.name.upper()]
    span = timedelta(seconds=amount)
    hours, rest = divmod(span.seconds, 3_600)
    minutes, seconds = divmod(rest, 60)
    text = f"{span.days} {hours:02}:{minutes:02}:{seconds:02}.{span.microseconds:06}"
    unit = exp.IntervalSpan(this=exp.var("DAY"), expression=exp.var("SECOND"))
    return exp.Interval(this=exp.Literal.string(text), unit=unit)


def _frame_intervals(node: exp.Expression) -> exp.Expression:
    """Spark wants both bounds of a range frame of one interval type (DuckDB mixes
    `28 days preceding` with `1 microsecond preceding`): both become day-to-second."""
    if not isinstance(node, exp.WindowSpec):
        return node
    for side in ("start", "end"):
        bound = node.args.get(side)
        if isinstance(bound, exp.Interval) and isinstance(bound.unit, exp.Var):
            node.set(side, _day_to_second(bound))
    return node


def _literal_index(index: exp.Expression) -> int | None:
    """A constant numeric list index as the DuckDB text wrote it (sqlglot parses constant
    indexes already shifted down by one), or None when the index is computed."""
    if isinstance(index, exp.Literal):
        return int(index.this) + 1
    if isinstance(index, exp.Neg) and isinstance(index.this, exp.Literal):
        return -int(index.this.this) + 1
    return None


def _one_based_index(node: exp.Expression) -> exp.Expression:
    """DuckDB lists count from 1 (from the end when negative; 0 is null), Spark's `[]` from 0.
    sqlglot shifts a constant positive index; any other goes through element_at, which counts
    as DuckDB does except that it fails on 0, so 0 becomes null."""
    if not isinstance(node, exp.Bracket) or len(node.expressions) != 1:
        return node
    (index,) = node.expressions
    if isinstance(index, exp.Literal) and index.is_string:
        return node  # a struct field or a map key, not a position
    written = _literal_index(index)
    if written is not None and written >= 1:
        return node
    position = exp.Literal.number(written) if written is not None else index
    nonzero = exp.func(
        "nullif", exp.cast(position, exp.DataType.build("int")), exp.Literal.number(0)
    )
    return exp.func("element_at", node.this, nonzero)


def _star_replace(node: exp.Expression) -> exp.Expression:
    """`select * replace (e as c)` as `select * except (c), e as c` (the replaced columns
    move to the end; tables are compared and read by column name)."""
    if not isinstance(node, exp.Select):
        return node
    for star in [e for e in node.expressions if isinstance(e, exp.Star) and e.args.get("replace")]:
        replaced = star.args["replace"]
        star.set("replace", None)
        star.set("except_", [exp.column(alias.alias) for alias in replaced])
        node.set("expressions", [*node.expressions, *replaced])
    return node


def _joined_literals(node: exp.Expression) -> exp.Expression:
    """`'abc' || 'def'` as one literal `'abcdef'`: a long pattern is written in pieces, and the
    regexp rewrite below must see the whole of it."""
    if not isinstance(node, exp.DPipe):
        return node
    # Folded from the inside out: `'a' || 'b' || 'c'` is `('a' || 'b') || 'c'`.
    left, right = _joined_literals(node.this), _joined_literals(node.expression)
    if all(isinstance(side, exp.Literal) and side.is_string for side in (left, right)):
        return exp.Literal.string(left.name + right.name)
    return node


_INTEGER_TYPES = (
    exp.DataType.Type.TINYINT,
    exp.DataType.Type.SMALLINT,
    exp.DataType.Type.INT,
    exp.DataType.Type.BIGINT,
)


def _rounded_integer_casts(node: exp.Expression) -> exp.Expression:
    """DuckDB casts a double to an integer by rounding (half to even), Spark by truncating:
    `cast(duration_min * 60000000 as bigint)` would end a session a microsecond early. A cast
    of arithmetic to an integer type rounds half to even first (`bround`)."""
    if (
        not isinstance(node, exp.Cast)
        or not node.to.is_type(*_INTEGER_TYPES)
        or not isinstance(node.this, exp.Mul | exp.Div | exp.Add | exp.Sub)
    ):
        return node
    node.set("this", exp.func("bround", node.this))
    return node


def _regexp_replace(node: exp.Expression) -> exp.Expression:
    """DuckDB replaces the first match unless told 'g', Spark every match: the same only when
    the pattern can match once, at the end. Group references are `$1` in Java, `\\1` in RE2."""
    if not isinstance(node, exp.RegexpReplace):
        return node
    pattern = node.expression
    if node.args.get("single_replace") and not (
        isinstance(pattern, exp.Literal) and pattern.name.endswith("$")
    ):
        raise NotPortable(f"regexp_replace of the first match only: {node.sql('duckdb')}")
    replacement = node.args.get("replacement")
    if isinstance(replacement, exp.Literal) and "\\" in replacement.name:
        java = re.sub(r"\\(\d)", r"$\1", replacement.name)
        node.set("replacement", exp.Literal.string(java))
    return node


def _sorted_values(value: exp.Expression, order: list[exp.Ordered]) -> exp.Expression:
    """The values of a group in the given order, as an array: collected with their sort keys,
    sorted, and the keys dropped."""
    if any(key.args.get("desc") for key in order):
        raise NotPortable("an ordered aggregate sorted descending")
    fields = [
        part for i, key in enumerate(order) for part in (exp.Literal.string(f"k{i}"), key.this)
    ]
    collected = exp.func(
        "collect_list", exp.func("named_struct", *fields, exp.Literal.string("v"), value)
    )
    value_of = exp.Lambda(this=exp.column("v", table="e"), expressions=[exp.to_identifier("e")])
    return exp.func("transform", exp.func("array_sort", collected), value_of)


def _ordered_aggregates(node: exp.Expression) -> exp.Expression:
    """string_agg and list with an ORDER BY: sqlglot gives Spark's LISTAGG ... WITHIN GROUP,
    which Spark 4.3 fails to plan (a ClassCastException), and drops the order of list()."""
    if not isinstance(node, exp.GroupConcat | exp.ArrayAgg) or not isinstance(node.this, exp.Order):
        return node
    value, order = node.this.this, node.this.expressions
    if isinstance(value, exp.Distinct):
        (value,) = value.expressions
        if [key.this for key in order] != [value]:
            raise NotPortable("a distinct ordered aggregate sorted by another value")
        values = exp.func("array_sort", exp.func("collect_set", value))
    else:
        values = _sorted_values(value, order)
    if isinstance(node, exp.ArrayAgg):
        return values
    return exp.func("array_join", values, node.args.get("separator") or exp.Literal.string(","))


_BOUNDARY_UNITS = {"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"}


def _date_diff(node: exp.Expression) -> exp.Expression:
    """DuckDB's date_diff counts unit boundaries crossed (23:59 to 00:01 is a day), Spark's
    whole units elapsed: both ends are truncated to the unit first."""
    # Ours, once rewritten, say so: DuckDB's own always count boundaries.
    if not isinstance(node, exp.DateDiff) or node.args.get("date_part_boundary") is False:
        return node
    unit = node.unit.name.upper() if node.unit else "DAY"
    if unit not in _BOUNDARY_UNITS:
        raise NotPortable(f"date_diff in {unit.lower()}s")
    truncated = exp.DateDiff(
        this=exp.TimestampTrunc(this=node.this, unit=exp.var(unit)),
        expression=exp.TimestampTrunc(this=node.expression, unit=exp.var(unit)),
        unit=exp.var(unit),
        date_part_boundary=False,
    )
    return truncated


def _list_functions(node: exp.Expression) -> exp.Expression:
    """DuckDB list functions sqlglot passes through by name: list_position is null where the
    value is absent (Spark's array_position gives 0); list_bool_or is the largest boolean."""
    if not isinstance(node, exp.Anonymous):
        return node
    name = node.name.lower()
    if name == "list_position":
        position = exp.func("array_position", *node.expressions)
        return exp.func("nullif", position, exp.Literal.number(0))
    if name == "list_bool_or":
        return exp.func("array_max", *node.expressions)
    return node


def _continuous_quantile(node: exp.Expression) -> exp.Expression:
    """DuckDB's quantile_cont(x, p) is Spark's percentile(x, p): both interpolate linearly
    between the two nearest values (Spark's percentile_cont wants WITHIN GROUP)."""
    if not isinstance(node, exp.PercentileCont) or node.expression is None:
        return node
    return exp.func("percentile", node.this, node.expression)


def _plain_cte(node: exp.Expression) -> exp.Expression:
    """`with x as [not] materialized (...)`: a hint to DuckDB's planner that Spark does not
    take; the rows are the same either way."""
    if isinstance(node, exp.CTE) and node.args.get("materialized") is not None:
        node.set("materialized", None)
    return node


def _refuse_duckdb_only(node: exp.Expression) -> exp.Expression:
    """Constructs Spark would read with another meaning, or not at all, though its parser
    may accept the text (`a asof join b` parses as `a` aliased ASOF)."""
    if isinstance(node, exp.Join) and node.args.get("method", "").upper() == "ASOF":
        raise NotPortable("an ASOF join")
    if isinstance(node, exp.Unnest) and node.args.get("offset"):
        raise NotPortable("unnest ... with ordinality (Spark's positions count from 0)")
    if isinstance(node, exp.Columns):
        raise NotPortable("a COLUMNS(...) expression")
    return node


_REWRITES = (
    _refuse_duckdb_only,
    _date_diff,
    _ordered_aggregates,
    _list_functions,
    _continuous_quantile,
    _plain_cte,
    _intervals,
    _frame_intervals,
    _one_based_index,
    _star_replace,
    _joined_literals,
    _rounded_integer_casts,
    _regexp_replace,
)


def to_spark_tree(text: str, params: dict[str, object]) -> list[exp.Expression]:
    """The statements of a DuckDB SQL text, rewritten for Spark (still syntax trees)."""
    try:
        statements = sqlglot.parse(text, read="duckdb")
    except sqlglot.errors.ParseError as error:
        raise NotPortable(f"sqlglot cannot read it: {error}") from error
    trees = []
    for statement in statements:
        if statement is None:
            continue
        if isinstance(statement, exp.Command):
            raise NotPortable(f"not a statement sqlglot understands: {str(statement)[:80]}")
        tree = _bind_literals(_inline_macros(statement), params)
        for rewrite in _REWRITES:
            tree = tree.transform(rewrite)
        trees.append(tree)
    return trees


def to_spark(tree: exp.Expression) -> str:
    """Spark SQL text of a rewritten tree; sqlglot raises on what it cannot express."""
    try:
        return tree.sql(dialect=SparkWithQualify, unsupported_level=ErrorLevel.RAISE)
    except sqlglot.errors.UnsupportedError as error:
        raise NotPortable(str(error)) from error
