"""Read a YAML data file safely, remembering the line of every value for error messages.

Office staff edit these files by hand: anchors and aliases (a way to build "alias bombs") are refused,
dates stay strings (we parse them ourselves, with a clear message), and oversize files are refused.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import DataError
from .text import nfc, nfc_deep

MAX_BYTES = 16 * 1024 * 1024  # a district-level roll-out (10,000 boards) is about 3 MB
MAX_DEPTH = 32  # lists and tables inside each other; the data files need 7
_TOO_DEEP = "các danh sách/bảng lồng nhau quá sâu; hãy kiểm tra dấu ngoặc [ ] và { }."


# The prefix of YAML's standard tags (`tag:yaml.org,…:str`).
_STANDARD = yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG.rsplit(":", 1)[0]
_TIMESTAMP = f"{_STANDARD}:timestamp"


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps: a date stays a string (a PlainDate when written without quotes)."""


# libyaml's parser, when PyYAML was built with it: it reads the data twenty times faster (0.19 s -> 0.01 s for
# boards.yaml). Its messages differ from PyYAML's, which `_explain` words for the office: a file it refuses is read
# again by PyYAML's own parser, for the message.
_FastLoader = type("_FastLoader", (yaml.CSafeLoader,), {}) if yaml.__with_libyaml__ else None

for _loader in filter(None, (_Loader, _FastLoader)):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
_DATE_LIKE = next(regexp for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values()
                  for tag, regexp in resolvers if tag == _TIMESTAMP)


class PlainDate(str):
    """A value written as a date without quotes: text where a date is expected, but not a sentence
    (the schema refuses it where text is expected, as YAML itself would read it as a date)."""


class Located:
    """A loaded document plus the line (1-based) of each value, keyed by its path."""

    def __init__(self, file: str, data, lines: dict[tuple, int]):
        self.file, self.data, self.lines = file, data, lines

    def line(self, path: tuple) -> int | None:
        # Fall back to the nearest enclosing value that has a line.
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


# The only tags a data file may carry (written or implied): plain text, numbers, true/false, null, lists, tables.
_TAGS = {f"{_STANDARD}:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}


def _plain(node, path: tuple, lines: dict, loader, file: str):
    lines[path] = node.start_mark.line + 1
    if node.tag not in _TAGS:
        raise DataError(file, f"không dùng thẻ YAML ('{node.tag}'); hãy viết giá trị bình thường.",
                        line=node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise DataError(file, "tên trường phải là chữ.", line=key_node.start_mark.line + 1)
            key = nfc(str(loader.construct_object(key_node)))
            if key in out:
                raise DataError(file, f"trường '{key}' được khai báo hai lần.",
                                line=key_node.start_mark.line + 1)
            out[key] = _plain(value_node, path + (key,), lines, loader, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v, path + (i,), lines, loader, file) for i, v in enumerate(node.value)]
    value = nfc_deep(loader.construct_object(node))
    if isinstance(value, str) and not node.style and _DATE_LIKE.match(value):  # plain: None, or "" from libyaml
        return PlainDate(value)
    return value


def _compose(text: str, file: str, loader_class):
    loader = loader_class(text)
    try:
        # Refuse aliases before anything is expanded, and deep nesting before the parser spends time on it (its
        # cost grows with the square of the depth: 3,000 brackets took 8 s).
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise DataError(file, "không dùng neo/bí danh YAML (& và *); hãy viết đầy đủ giá trị.",
                                line=event.start_mark.line + 1)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise DataError(file, _TOO_DEEP, line=event.start_mark.line + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    loader = loader_class(text)
    try:
        return loader, loader.get_single_node()
    except Exception:
        loader.dispose()
        raise


def read_yaml(path: Path, label: str) -> Located:
    """Load `path`; `label` is how messages name it (for example `data/boards.yaml`)."""
    if not path.is_file():
        raise DataError(label, "không tìm thấy tệp.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataError(label, f"tệp quá lớn ({size:,} byte; tối đa {MAX_BYTES:,}).")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise DataError(label, "tệp không phải UTF-8 (có lẽ được lưu bằng mã hóa khác, như Windows-1258 hay "
                               "Latin-1); hãy lưu lại với mã hóa UTF-8.", line=line) from None
    if not text.strip():
        raise DataError(label, "tệp rỗng.")
    if _FastLoader is not None:
        try:
            data, lines = _load(text, label, _FastLoader)
            return Located(label, data, lines)
        except (yaml.YAMLError, RecursionError):
            pass  # read again below, for PyYAML's message
    try:
        data, lines = _load(text, label, _Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DataError(label, _explain(exc), line=line) from None
    except RecursionError:
        raise DataError(label, _TOO_DEEP) from None
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise DataError(label, f"có ký tự điều khiển không in được ({code}); hãy xóa ký tự đó.", line=line) from None
    except yaml.YAMLError as exc:
        raise DataError(label, f"YAML không hợp lệ: {exc}") from None
    return Located(label, data, lines)


def _load(text: str, label: str, loader_class) -> tuple[object, dict[tuple, int]]:
    """The document's plain values and the line of each; YAML's own errors are raised as they come."""
    loader, node = _compose(text, label, loader_class)
    try:
        if node is None:
            raise DataError(label, "tệp rỗng (chỉ có chú thích).")
        lines: dict[tuple, int] = {}
        return _plain(node, (), lines, loader, label), lines
    finally:
        loader.dispose()


def _explain(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "\t" in problem or "\\t" in problem or "tab" in problem:
        return "có ký tự Tab dùng để thụt lề; YAML chỉ chấp nhận dấu cách."
    if "mapping values are not allowed" in problem:
        return ("dấu ':' đặt sai chỗ (thường do thụt lề sai, hoặc giá trị có dấu ':' "
                "mà không đặt trong ngoặc kép).")
    context = exc.context or ""
    if "quoted scalar" in context:
        return "dấu ngoặc kép (\" hoặc ') mở mà không đóng."
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        closing = "]" if "]" in problem else "}"
        return f"thiếu dấu đóng ngoặc '{closing}' hoặc dấu phẩy giữa các phần tử."
    if "expected <block end>" in problem or "did not find expected" in problem:
        return ("thụt lề không khớp với các dòng xung quanh (hoặc một dấu ngoặc kép ở dòng trên "
                "mở mà không đóng).")
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return "cú pháp YAML không hợp lệ (" + problem + ")."
    return f"YAML không hợp lệ: {problem or exc}."
