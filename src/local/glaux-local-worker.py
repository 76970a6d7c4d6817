# glaux-local-worker.py
#
# Copyright 2026 The Glaux authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Python engine of glaux-local: one long-lived process per session, started by
# glaux-local-python-worker.c as `python3 -I -u -c <bootstrap> <catalog path>`; the bootstrap
# reads this file as the first frame on stdin. Standard library only. It is not Apache Spark:
# `spark.sql()` runs on the local SQLite catalog.
#
# Protocol. At start the process moves the pipes it was given on fds 0 and 1 to private fds and
# points fd 0 at /dev/null and fd 1 at fd 2, so nothing the user's code (or a child process)
# prints can reach the protocol. Every message in either direction is a frame: a 4-byte
# big-endian length, then that many bytes of UTF-8 JSON. Requests: {"id": N, "code": "..."}.
# Answers: {"event": "hello", ...} once; {"event": "started", "id": N} when the code begins (the
# parent only sends SIGINT after it); {"event": "done", "id": N, "status":
# "completed"|"failed"|"canceled", "error": str|null, "stdout": n1, "stderr": n2, "result": n3|-1,
# "sync": hex}
# followed by n1 + n2 + n3 raw bytes (stdout, stderr, result CSV). Output written below Python's
# sys.stdout/sys.stderr (fd 1 and 2, child processes) goes to the real stderr pipe; before each
# "done" the worker writes "\0glaux-sync-<sync>\0" there, and the parent appends what came before
# that marker to the block's stderr.

import ast
import builtins
import decimal
import io
import json
import math
import os
import signal
import sqlite3
import struct
import sys
import traceback
import types
import unicodedata

WORKER_GLOBALS = globals()

SUPPORTED = ("Supported: spark.sql(query), DataFrame.show/collect/count/columns/toPandas, "
             "display(df).")


class _State:
    running = False
    interrupted = False
    result_csv = None


def _on_sigint(signum, frame):
    # Only the user's code may be interrupted; a stray SIGINT between blocks is ignored.
    if _State.running:
        _State.interrupted = True
        raise KeyboardInterrupt


def _unsupported(what):
    return AttributeError("glaux-local is not Apache Spark: '%s' is not supported. %s"
                          % (what, SUPPORTED))


# ---------------------------------------------------------------------------------------------
# Values shown the way Spark casts them to strings

def _java_double(value):
    # Java's Double.toString: plain between 1e-3 and 1e7, else d.dddE<n> with the shortest digits.
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0 or 1e-3 <= abs(value) < 1e7:
        return repr(value)
    _, digits, exponent = decimal.Decimal(repr(abs(value))).normalize().as_tuple()
    mantissa = "%d.%s" % (digits[0], "".join(map(str, digits[1:])) or "0")
    return "%s%sE%d" % ("-" if value < 0 else "", mantissa, len(digits) - 1 + exponent)


_META_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f", "\b": "\\b",
                 "\v": "\\v", "\a": "\\a"}


def _escape_meta(text):
    return "".join(_META_ESCAPES.get(c, c) for c in text)


def _show_cell(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _java_double(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "[" + " ".join("%02X" % b for b in bytes(value)) + "]"
    return _escape_meta(str(value))


def _half_width(text):
    # Spark counts East Asian wide and full-width characters as two columns.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _truncate(text, limit):
    if limit > 0 and len(text) > limit:
        return text[:limit] if limit < 4 else text[:limit - 3] + "..."
    return text


def _pad(text, width, left):
    fill = " " * (width - _half_width(text))
    return fill + text if left else text + fill


def show_string(columns, rows, num_rows=20, truncate=20, vertical=False):
    """Dataset.showString of Apache Spark 3.2, for a list of columns and rows."""
    num_rows = max(num_rows, 0)
    header = [_escape_meta(c) for c in columns]
    body = [[_truncate(_show_cell(v), truncate) for v in row] for row in rows[:num_rows]]
    has_more = len(rows) > num_rows
    out = []
    if not vertical:
        widths = [3] * len(header)
        for line in [header] + body:
            for i, cell in enumerate(line):
                widths[i] = max(widths[i], _half_width(cell))
        sep = "+" + "+".join("-" * w for w in widths) + "+\n"
        out.append(sep)
        for n, line in enumerate([header] + body):
            cells = [_pad(c, widths[i], truncate > 0) for i, c in enumerate(line)]
            out.append("|" + "|".join(cells) + "|\n")
            if n == 0:
                out.append(sep)
        out.append(sep)
    else:
        name_width = max([3] + [_half_width(c) for c in header])
        data_width = max([3] + [_half_width(c) for line in body for c in line])
        for i, line in enumerate(body):
            out.append(("-RECORD %d" % i).ljust(name_width + data_width + 5, "-") + "\n")
            for name, cell in zip(header, line):
                out.append(" %s | %s \n" % (_pad(name, name_width, False),
                                            _pad(cell, data_width, False)))
    if vertical and not body:
        out.append("(0 rows)\n")
    elif has_more:
        out.append("only showing top %d %s\n" % (num_rows, "row" if num_rows == 1 else "rows"))
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# CSV, as glaux-local writes every result table: RFC 4180, header row, NULL as an empty field
# and an empty string as "".

def _csv_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isinf(value):
            return "Inf" if value > 0 else "-Inf"
        if math.isnan(value):
            return ""
        text = "%.15g" % value
        if "e" in text:
            mantissa, exponent = text.split("e")
            return (mantissa if "." in mantissa else mantissa + ".0") + "e" + exponent
        return text if "." in text or "n" in text else text + ".0"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def _csv_field(value):
    if value is None:
        return ""
    text = _csv_text(value)
    if text == "" or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(columns, rows):
    lines = [",".join(_csv_field(c) for c in columns)]
    lines.extend(",".join(_csv_field(v) for v in row) for row in rows)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------------------------
# The `spark` shim

class Row(tuple):
    """A row of a DataFrame: a tuple whose fields can also be read by name."""

    def __new__(cls, fields, values):
        row = tuple.__new__(cls, values)
        row.__fields__ = list(fields)
        return row

    def asDict(self, recursive=False):
        return dict(zip(self.__fields__, self))

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self[self.__fields__.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def __getitem__(self, item):
        if isinstance(item, str):
            try:
                return tuple.__getitem__(self, self.__fields__.index(item))
            except ValueError:
                raise ValueError("'%s' is not a field of this Row" % item) from None
        return tuple.__getitem__(self, item)

    def __repr__(self):
        return "Row(%s)" % ", ".join("%s=%r" % (k, v) for k, v in zip(self.__fields__, self))

    def __reduce__(self):
        return (Row, (self.__fields__, tuple(self)))


def _type_name(values):
    for value in values:
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, int):
            return "bigint"
        if isinstance(value, float):
            return "double"
        if isinstance(value, str):
            return "string"
        if isinstance(value, (bytes, bytearray, memoryview)):
            return "binary"
    return "void"


class DataFrame:
    """The rows of one spark.sql() query, already fetched from the local catalog."""

    def __init__(self, columns, rows):
        self._columns = list(columns)
        self._rows = [tuple(r) for r in rows]

    @property
    def columns(self):
        return list(self._columns)

    def show(self, n=20, truncate=True, vertical=False):
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError("Parameter 'n' (number of rows) must be an int, not %s"
                            % type(n).__name__)
        if isinstance(truncate, bool):
            limit = 20 if truncate else 0
        elif isinstance(truncate, int):
            limit = truncate
        else:
            raise TypeError("Parameter 'truncate' must be a bool or an int, not %s"
                            % type(truncate).__name__)
        print(show_string(self._columns, self._rows, n, limit, bool(vertical)))

    def collect(self):
        return [Row(self._columns, r) for r in self._rows]

    def count(self):
        return len(self._rows)

    def toPandas(self):
        try:
            import pandas
        except ImportError as error:
            raise ImportError("DataFrame.toPandas() needs pandas, which this python3 (%s) "
                              "cannot import: %s. Use collect() instead, or install pandas."
                              % (sys.executable, error)) from None
        return pandas.DataFrame.from_records(self._rows, columns=self._columns)

    def _to_csv(self):
        return to_csv(self._columns, self._rows)

    def __repr__(self):
        return "DataFrame[%s]" % ", ".join(
            "%s: %s" % (c, _type_name(r[i] for r in self._rows))
            for i, c in enumerate(self._columns))

    def __getattr__(self, name):
        if name.startswith("__") or name.startswith("_repr_"):
            raise AttributeError(name)
        raise _unsupported("DataFrame." + name)


def _progress(*args):
    # Lets SIGINT abort a long query: sqlite3 stops when this returns true.
    return _State.interrupted


class SparkSession:
    """`spark`: only sql() is real; everything else names what glaux-local supports."""

    def __init__(self, catalog_path):
        self._catalog_path = catalog_path
        self._connection = None

    def _connect(self):
        if self._connection is None:
            connection = sqlite3.connect(self._catalog_path, timeout=30, isolation_level=None,
                                         check_same_thread=False)
            connection.set_progress_handler(_progress, 1000)
            self._connection = connection
        return self._connection

    def sql(self, sqlQuery, args=None, **kwargs):
        if not isinstance(sqlQuery, str):
            raise TypeError("spark.sql() takes the query as a str, not %s"
                            % type(sqlQuery).__name__)
        if args or kwargs:
            raise _unsupported("spark.sql(query, args)")
        try:
            cursor = self._connect().execute(sqlQuery)
            rows = cursor.fetchall()
        except sqlite3.OperationalError:
            if _State.interrupted:
                raise KeyboardInterrupt from None
            raise
        columns = [d[0] for d in cursor.description or ()]
        return DataFrame(columns, rows)

    def __repr__(self):
        return "<glaux-local SparkSession on %s (not Apache Spark)>" % self._catalog_path

    def __getattr__(self, name):
        if name.startswith("__") or name.startswith("_repr_"):
            raise AttributeError(name)
        raise _unsupported("spark." + name)


class _Unsupported:
    """Stand-in for `sc` and other Spark entry points that the local engine does not have."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, name):
        if name.startswith("__") or name.startswith("_repr_"):
            raise AttributeError(name)
        raise _unsupported(self._name + "." + name)

    def __call__(self, *args, **kwargs):
        raise _unsupported(self._name + "()")

    def __repr__(self):
        return "<%s: not available in glaux-local>" % self._name


class _PysparkBlocker:
    """Makes `import pyspark` fail with the same explanation as the other unsupported calls."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "pyspark" or fullname.startswith("pyspark."):
            raise ImportError("glaux-local is not Apache Spark: 'import %s' is not supported. %s"
                              % (fullname, SUPPORTED), name=fullname)
        return None


def display(df):
    """Makes df the calculation's result table."""
    if isinstance(df, DataFrame):
        _State.result_csv = df._to_csv()
    elif type(df).__module__.startswith("pandas") and hasattr(df, "to_csv"):
        columns = [str(c) for c in df.columns]
        rows = [[None if _is_missing(v) else v for v in row]
                for row in df.itertuples(index=False, name=None)]
        _State.result_csv = to_csv(columns, rows)
    else:
        raise TypeError("display() takes a DataFrame from spark.sql() (or a pandas DataFrame), "
                        "not %s" % type(df).__name__)


def _is_missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------------------------------------
# Running a code block

def _user_traceback(tb):
    # Starts at the user's first <stdin> frame and drops the worker's own frames after it, so the
    # traceback reads as if the block had been fed to python3 on stdin.
    while tb is not None and tb.tb_frame.f_code.co_filename != "<stdin>":
        tb = tb.tb_next
    frames = []
    while tb is not None:
        if tb.tb_frame.f_globals is not WORKER_GLOBALS:
            frames.append(tb)
        tb = tb.tb_next
    result = None
    for frame in reversed(frames):
        result = types.TracebackType(result, frame.tb_frame, frame.tb_lasti, frame.tb_lineno)
    return result


def _clean(error, seen):
    if error is None or id(error) in seen:
        return
    seen.add(id(error))
    error.__traceback__ = _user_traceback(error.__traceback__)
    _clean(error.__cause__, seen)
    _clean(error.__context__, seen)


def _format_error(error):
    _clean(error, set())
    if error.__traceback__ is None:
        lines = traceback.format_exception_only(type(error), error)
    else:
        lines = traceback.format_exception(type(error), error, error.__traceback__)
    summary = traceback.format_exception_only(type(error), error)[-1].strip()
    return "".join(lines), summary


def _execute(code, namespace):
    """Runs the block; returns the value of a final expression statement (else None)."""
    tree = ast.parse(code, "<stdin>", "exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, "<stdin>", "exec"), namespace)
    if last is not None:
        return eval(compile(last, "<stdin>", "eval"), namespace)
    return None


def _show_value(value):
    if isinstance(value, DataFrame):
        _State.result_csv = value._to_csv()
    elif value is not None:
        print(repr(value))


class _Capture(io.TextIOWrapper):
    def __init__(self):
        super().__init__(io.BytesIO(), encoding="utf-8", errors="backslashreplace",
                         newline="\n", write_through=True)

    def isatty(self):
        return False

    def value(self):
        self.flush()
        return self.buffer.getvalue()


def run(code, namespace, send_started):
    out, err = _Capture(), _Capture()
    status, summary = "completed", None
    _State.result_csv = None
    _State.interrupted = False
    sys.stdout, sys.stderr = out, err
    try:
        try:
            _State.running = True
            send_started()
            _show_value(_execute(code, namespace))
        finally:
            _State.running = False
    except KeyboardInterrupt as error:
        status = "canceled"
        text, summary = _format_error(error)
        err.write(text)
    except SystemExit as error:
        if error.code not in (None, 0):
            status = "failed"
            text, summary = _format_error(error)
            err.write(text)
    except BaseException as error:
        status = "failed"
        text, summary = _format_error(error)
        err.write(text)
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    if status == "failed" and _State.interrupted:
        status = "canceled"
    result = _State.result_csv if status == "completed" else None
    return status, summary, out.value(), err.value(), result


class Channel:
    def __init__(self, read_fd, write_fd):
        self.reader = os.fdopen(read_fd, "rb")
        self.writer = os.fdopen(write_fd, "wb")

    def receive(self):
        head = self.reader.read(4)
        if len(head) < 4:
            return None
        (length,) = struct.unpack(">I", head)
        body = self.reader.read(length)
        if len(body) < length:
            return None
        return json.loads(body.decode("utf-8"))

    def send(self, message, payload=b""):
        body = json.dumps(message).encode("utf-8")
        self.writer.write(struct.pack(">I", len(body)) + body)
        self.writer.write(payload)
        self.writer.flush()


def _take_standard_streams():
    read_fd, write_fd = os.dup(0), os.dup(1)
    null_fd = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null_fd, 0)
    os.close(null_fd)
    os.dup2(2, 1)
    return Channel(read_fd, write_fd)


def main():
    catalog_path = sys.argv[1] if len(sys.argv) > 1 else ":memory:"
    channel = _take_standard_streams()
    signal.signal(signal.SIGINT, _on_sigint)
    sys.meta_path.insert(0, _PysparkBlocker())

    user_main = types.ModuleType("__main__")
    user_main.__dict__.update(spark=SparkSession(catalog_path), display=display,
                              sc=_Unsupported("sc"), __builtins__=builtins)
    sys.modules["__main__"] = user_main

    channel.send({"event": "hello", "pid": os.getpid(), "python": sys.version.split()[0]})
    while True:
        request = channel.receive()
        if request is None:
            return
        ident = request.get("id")
        status, summary, out, err, result = run(
            request.get("code", ""), user_main.__dict__,
            lambda: channel.send({"event": "started", "id": ident}))
        # Marks the end of this block's raw fd 2 output, so the parent knows it has all of it.
        sync = os.urandom(8).hex()
        os.write(2, b"\0glaux-sync-" + sync.encode("ascii") + b"\0")
        channel.send({"event": "done", "id": ident, "status": status, "error": summary,
                      "stdout": len(out), "stderr": len(err),
                      "result": -1 if result is None else len(result), "sync": sync},
                     out + err + (result or b""))


main()
