"""Go's ``text/tabwriter`` as kubectl uses it, so columns line up exactly as kubectl's do.

Text is cells separated by tabs; a cell is tab-terminated, so the last cell of a line is never padded.
A column block is a run of consecutive lines that all have a cell in that column; its width is the widest
cell plus ``padding`` (at least ``minwidth``). ``FLUSH`` (a line of its own) ends every block, as
``Writer.Flush`` does between the body of ``kubectl describe`` and its Events table.

- ``kubectl get`` tables: ``format_text(text, minwidth=6, padding=3)`` (``printers.GetNewTabWriter``).
- ``kubectl describe``: ``format_text(text, minwidth=0, padding=2)`` (``tabbedString``).
"""

from __future__ import annotations

FLUSH = "\x00flush\x00"


def format_text(text: str, minwidth: int, padding: int) -> str:
    """Align ``text`` like a Go tabwriter with padchar ' ' and no flags, then flushed."""
    out = []
    for part in text.split(FLUSH + "\n"):
        out.append(_format_block(part, minwidth, padding))
    return "".join(out)


def _format_block(text: str, minwidth: int, padding: int) -> str:
    if not text:
        return ""
    trailing_newline = text.endswith("\n")
    body = text[:-1] if trailing_newline else text
    lines = [line.split("\t") for line in body.split("\n")]
    out: list[str] = []
    _format(lines, 0, len(lines), [], minwidth, padding, out)
    result = "\n".join(out) + ("\n" if trailing_newline else "")
    release(lines)
    release(out)
    return result


def release(items: list, step: int = 2000) -> None:
    """Empty ``items`` a slice at a time. Freeing a list of 150,000 rows in one go is one C call that holds
    the GIL for ~0.1 s (a window waiting for a worker thread that formats a table would freeze); between
    slices the interpreter can switch threads."""
    while items:
        del items[-step:]


def _format(lines, line0: int, line1: int, widths: list, minwidth: int, padding: int, out: list) -> None:
    column = len(widths)
    this = line0
    while this < line1:
        line = lines[this]
        if column >= len(line) - 1:
            this += 1
            continue
        _write_lines(lines, line0, this, widths, out)
        line0 = this
        width = minwidth
        while this < line1:
            line = lines[this]
            if column >= len(line) - 1:
                break
            w = len(line[column]) + padding
            if w > width:
                width = w
            this += 1
        _format(lines, line0, this, widths + [width], minwidth, padding, out)
        line0 = this
    _write_lines(lines, line0, line1, widths, out)


def _write_lines(lines, line0: int, line1: int, widths: list, out: list) -> None:
    for i in range(line0, line1):
        cells = lines[i]
        parts = []
        for j, cell in enumerate(cells):
            if j < len(widths) and j < len(cells) - 1:
                parts.append(cell + " " * max(0, widths[j] - len(cell)))
            else:
                parts.append(cell)
        out.append("".join(parts))
