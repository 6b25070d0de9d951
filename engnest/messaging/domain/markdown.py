"""Simple message markdown: **bold**, *italics* (or _italics_), `inline code`, [text](https://…) and bare
http(s) links, and fenced code blocks (```). Pure: the output is a flat list of typed text runs that the thread
renders as text nodes (React escapes them), so user text never becomes HTML: `<script>` stays `<script>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engnest.messaging.domain.messages import link_parts

TEXT, BOLD, ITALIC, CODE, LINK, BLOCK = "text", "bold", "italic", "code", "link", "block"

_FENCE = re.compile(r"^[ \t]*```[ \t]*([A-Za-z0-9_+#.-]{0,20})[ \t]*$")
_INLINE = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\*\*(?P<bold>[^*\n](?:[^\n]*?[^*\n])?)\*\*"
    r"|(?<![\w*])\*(?P<star>[^*\s](?:[^*\n]*?[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<under>[^_\s](?:[^_\n]*?[^_\s])?)_(?![\w_])"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<url>https?://[^\s()<>\"']+)\)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Run:
    """A run of message text: `kind` says how it looks; `href` is an http(s) URL for a link; `lang` names a
    code block's language (shown as a label)."""

    kind: str
    text: str
    href: str = ""
    lang: str = ""


def _plain(text: str) -> list[Run]:
    return [Run(LINK, p.text, p.href) if p.href else Run(TEXT, p.text) for p in link_parts(text) if p.text]


def inline_runs(text: str) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for match in _INLINE.finditer(text):
        runs.extend(_plain(text[pos : match.start()]))
        if match.group("code") is not None:
            runs.append(Run(CODE, match.group("code")))
        elif match.group("bold") is not None:
            runs.append(Run(BOLD, match.group("bold")))
        elif match.group("star") is not None or match.group("under") is not None:
            runs.append(Run(ITALIC, match.group("star") or match.group("under")))
        else:
            runs.append(Run(LINK, match.group("label"), match.group("url")))
        pos = match.end()
    runs.extend(_plain(text[pos:]))
    return runs


def _closes(line: str) -> bool:
    fence = _FENCE.match(line)
    return fence is not None and not fence.group(1)


def runs(body: str) -> list[Run]:
    """The message as runs; a fenced block is one BLOCK run (an unclosed fence runs to the end)."""
    out: list[Run] = []
    lines = body.split("\n")
    prose: list[str] = []
    i = 0

    def flush() -> None:
        if prose:
            out.extend(inline_runs("\n".join(prose)))
            prose.clear()

    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if fence is None:
            prose.append(lines[i])
            i += 1
            continue
        flush()
        end = next((j for j in range(i + 1, len(lines)) if _closes(lines[j])), len(lines))
        out.append(Run(BLOCK, "\n".join(lines[i + 1 : end]), lang=fence.group(1).lower()))
        i = end + 1
        if i < len(lines) and lines[i] == "":
            i += 1  # the block ends its own line
    flush()
    return out or [Run(TEXT, "")]
