"""`make run` on a machine that lacks what it needs: one line that says what to install."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# make's own last word on a failed recipe, „make: *** [Makefile:33: .venv/.installed] Error 1“.
MAKE_FAILED = re.compile(r"make(\[\d+\])?: \*\*\* ")
OLD_PYTHON = "#!/bin/sh\nexit 1\n"
# Debian's python3 without the python3-venv package: ensurepip is missing, so venv fails.
PYTHON_WITHOUT_VENV = f"""#!/bin/sh
case "$*" in *ensurepip*) echo "No module named 'ensurepip'" >&2; exit 1;; esac
exec {sys.executable} "$@"
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("python", "says"),
    [
        (OLD_PYTHON, "older than Python 3.11: install python3.11 and python3.11-venv"),
        (PYTHON_WITHOUT_VENV, "cannot create a virtualenv: install its venv package"),
    ],
    ids=["python 3.9", "no python3-venv"],
)
def test_make_says_in_one_line_what_to_install(tmp_path: Path, python: str, says: str) -> None:
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    interpreter = tmp_path / "python3"
    interpreter.write_text(python, encoding="utf-8")
    interpreter.chmod(0o755)

    # As from a shell: nothing inherited from a make that runs this test.
    env = {name: value for name, value in os.environ.items() if not name.startswith("MAKE")}
    done = subprocess.run(
        ["make", "--no-print-directory", f"PYTHON={interpreter}", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    ours = [line for line in done.stderr.splitlines() if not MAKE_FAILED.match(line)]
    assert done.returncode != 0
    assert len(ours) == 1 and says in ours[0]
    assert "make PYTHON=python3.11" in ours[0] or "python3-venv" in ours[0]
    assert not (tmp_path / ".venv").exists()
