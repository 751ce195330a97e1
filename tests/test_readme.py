"""The README shows the dialog as it is: its diagram is the current `cyberbot diagram` output."""

from __future__ import annotations

import re
from pathlib import Path

from dialogs.flow import mermaid

README = Path(__file__).resolve().parents[1] / "README.md"
DIAGRAM = re.compile(
    r"<!-- diagram:start -->\s*```mermaid\n(?P<diagram>.*?)```\s*<!-- diagram:end -->", re.S
)


def test_readme_diagram_is_the_current_dialog() -> None:
    found = DIAGRAM.search(README.read_text(encoding="utf-8"))

    assert found, "README.md needs the diagram in a mermaid fence between the diagram markers"
    assert found["diagram"] == mermaid(), "README diagram is stale: paste `cyberbot diagram`"
