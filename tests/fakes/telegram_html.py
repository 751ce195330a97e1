"""Telegram's HTML parse mode: the text a user sees, its entities, and Telegram's refusals.

A port of tdlib's parser down to its error messages, so a test fails on markup (an unescaped
"<", an unknown or unbalanced tag) exactly where Telegram would answer "can't parse entities".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]


def utf16_len(text: str) -> int:
    """Telegram measures text and entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class HtmlParseError(ValueError):
    """Telegram's "can't parse entities" for parse_mode HTML."""


_TAG_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG_ARGUMENTS = {("a", "href"), ("code", "class"), ("span", "class"), ("tg-emoji", "emoji-id")}
_NAMED_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = frozenset(" \t\r\n\v")
_ATTRIBUTE_NAME_END = _SPACES | {"=", ">"}


@dataclass
class _OpenTag:
    name: str
    argument: str
    offset: int
    first_chunk: int
    expandable: bool = False
    language: str = ""


class _HtmlParser:
    """A port of Telegram's (tdlib's) HTML entity parser, down to its error messages."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.chunks: list[str] = []
        self.length = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[JSON] = []

    def parse(self) -> tuple[str, list[JSON]]:
        position = 0
        while position < len(self.source):
            char = self.source[position]
            if char == "&":
                decoded = self._html_entity(position)
                if decoded is not None:
                    self._emit(decoded[0])
                    position = decoded[1]
                    continue
            if char != "<":
                self._emit(char)
                position += 1
            elif self._at(position + 1) == "/":
                position = self._end_tag(position)
            else:
                position = self._start_tag(position)
        if self.stack:
            name = self.stack[-1].name
            raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.chunks), self.entities

    def _at(self, position: int) -> str:
        """The character at `position`, or "" past the end (tdlib's terminating zero)."""
        return self.source[position] if position < len(self.source) else ""

    def _byte_offset(self, position: int) -> int:
        return len(self.source[:position].encode())

    def _emit(self, text: str) -> None:
        self.chunks.append(text)
        self.length += utf16_len(text)

    def _skip_spaces(self, position: int) -> int:
        while self._at(position) in _SPACES:
            position += 1
        return position

    def _html_entity(self, position: int) -> tuple[str, int] | None:
        end = position + 1
        if self._at(end) == "#":
            end += 1
            hexadecimal = self._at(end) == "x"
            if hexadecimal:
                end += 1
            digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
            start = end
            while self._at(end) and self._at(end) in digits:
                end += 1
            if end == start:
                return None
            code = int(self.source[start:end], 16 if hexadecimal else 10)
            if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                return None
            decoded = chr(code)
        else:
            start = end
            while self._at(end).isascii() and self._at(end).isalpha():
                end += 1
            named = _NAMED_HTML_ENTITIES.get(self.source[start:end])
            if named is None:
                return None
            decoded = named
        if self._at(end) == ";":
            end += 1
        return decoded, end

    def _start_tag(self, begin: int) -> int:
        offset = self._byte_offset(begin)
        end = begin + 1
        while self._at(end) and self._at(end) not in _SPACES and self._at(end) != ">":
            end += 1
        if not self._at(end):
            raise HtmlParseError(f"Unclosed start tag at byte offset {offset}")
        name = self.source[begin + 1 : end].lower()
        if name not in _TAG_ENTITY_TYPES:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
        tag = _OpenTag(name, "", self.length, len(self.chunks))
        while self._at(end) != ">":
            end = self._skip_spaces(end)
            if self._at(end) == ">":
                break
            end = self._attribute(tag, end, offset)
        if name == "span" and tag.argument != "tg-spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        self.stack.append(tag)
        return end + 1

    def _attribute(self, tag: _OpenTag, position: int, offset: int) -> int:
        start = position
        while self._at(position) and self._at(position) not in _ATTRIBUTE_NAME_END:
            position += 1
        attribute = self.source[start:position].lower()
        if not attribute:
            raise HtmlParseError(
                f'Empty attribute name in the tag "{tag.name}" at byte offset {offset}'
            )
        position = self._skip_spaces(position)
        if self._at(position) != "=":
            if not self._at(position):
                raise HtmlParseError(f"Unclosed start tag at byte offset {offset}")
            if tag.name == "blockquote" and attribute == "expandable":
                tag.expandable = True
                return position
            raise HtmlParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag.name}" at byte offset {offset}'
            )
        position = self._skip_spaces(position + 1)
        if not self._at(position):
            raise HtmlParseError(f'Unclosed start tag "{tag.name}" at byte offset {offset}')
        value, position = self._attribute_value(position)
        if not self._at(position):
            raise HtmlParseError(f"Unclosed start tag at byte offset {offset}")
        if (tag.name, attribute) in _TAG_ARGUMENTS:
            tag.argument = value
        return position

    def _attribute_value(self, position: int) -> tuple[str, int]:
        quote = self._at(position)
        if quote not in ("'", '"'):
            start = position
            while self._at(position).isascii() and (
                self._at(position).isalnum() or self._at(position) in ".-"
            ):
                position += 1
            following = self._at(position)
            if following and following not in _SPACES and following != ">":
                offset = self._byte_offset(start)
                raise HtmlParseError(f"Unexpected end of name token at byte offset {offset}")
            return self.source[start:position].lower(), position
        position += 1
        value: list[str] = []
        while self._at(position) and self._at(position) != quote:
            decoded = self._html_entity(position) if self._at(position) == "&" else None
            if decoded is None:
                value.append(self._at(position))
                position += 1
            else:
                value.append(decoded[0])
                position = decoded[1]
        if self._at(position) == quote:
            position += 1
        return "".join(value), position

    def _end_tag(self, begin: int) -> int:
        offset = self._byte_offset(begin)
        if not self.stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {offset}")
        end = self.source.find(">", begin)
        if end == -1:
            raise HtmlParseError(f"Unclosed end tag at byte offset {offset}")
        name = self.source[begin + 2 : end].lower()
        tag = self.stack[-1]
        if name and name != tag.name:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {offset}, expected "</{tag.name}>", '
                f'found "</{name}>"'
            )
        self.stack.pop()
        self._close(tag)
        return end + 1

    def _close(self, tag: _OpenTag) -> None:
        length = self.length - tag.offset
        parent = self.stack[-1] if self.stack else None
        if tag.name == "code" and parent is not None and parent.name == "pre":
            parent.language = tag.argument.removeprefix("language-")
            return  # <pre><code class="language-x"> is one pre entity with a language
        if length == 0:
            return
        entity: JSON = {"type": _TAG_ENTITY_TYPES[tag.name], "offset": tag.offset, "length": length}
        if tag.name == "a":
            entity["url"] = tag.argument or "".join(self.chunks[tag.first_chunk :])
        elif tag.name == "pre" and tag.language:
            entity["language"] = tag.language
        elif tag.name == "blockquote" and tag.expandable:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            if not tag.argument:
                return
            entity["custom_emoji_id"] = tag.argument
        self.entities.append(entity)


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """The text a user sees and its entities, or HtmlParseError where Telegram refuses."""
    return _HtmlParser(source).parse()
