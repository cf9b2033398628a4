"""``rueckenmassage package`` with the pip it finds (issue 10, finding 10).

pip 23.2 refused the dependency resolution ("Can not use any platform or abi specific options
unless installing via '--target'"); pip 22.1 and older cannot resolve without installing at
all. This runs the real resolution with pip 23.2 in a fresh virtual environment (pip comes
from the package registry, as CI's does), and checks the one-line message for an older pip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

RESOLVE = textwrap.dedent(
    """
    import json, sys, tempfile
    from pathlib import Path
    from skill.cli import CommandError
    from skill.packaging.lambda_zip import resolve, runtime_requirements
    from skill.packaging.options import PackageOptions
    from skill.packaging.sources import default_sources
    options = PackageOptions()
    try:
        with tempfile.TemporaryDirectory() as work:
            pins = resolve(options, runtime_requirements(default_sources(), options.python),
                           Path(work)).pins
    except CommandError as error:
        print("ERROR", error)
        sys.exit(2)
    print(json.dumps(sorted(pin.name for pin in pins)))
    """
)


def _venv_with_pip(tmp_path: Path, version: str) -> Path:
    venv = tmp_path / f"pip-{version}"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         f"pip=={version}"],
        capture_output=True, text=True, timeout=400,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    return python


def _resolve_with(python: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-c", RESOLVE], cwd=ROOT, capture_output=True, text=True, timeout=400,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


# A new virtual environment, pip from the registry and a resolution: about 20 s on an idle
# machine, several times that on a busy one.
@pytest.mark.timeout(900)
def test_package_resolves_with_pip_23_2(tmp_path: Path) -> None:
    result = _resolve_with(_venv_with_pip(tmp_path, "23.2"))
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    pins = json.loads(result.stdout.strip().splitlines()[-1])
    assert "ask-sdk-core" in pins


def test_package_names_the_pip_it_needs_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from skill.cli import CommandError
    from skill.packaging import lambda_zip

    def old_pip(args: list[str]) -> subprocess.CompletedProcess[str]:
        assert args == ["--version"]
        out = "pip 22.0.4 from /somewhere (python 3.12)\n"
        return subprocess.CompletedProcess(args, 0, out, "")

    monkeypatch.setattr(lambda_zip, "_pip", old_pip)
    with pytest.raises(CommandError) as refused:
        lambda_zip.check_pip()
    message = str(refused.value)
    assert "\n" not in message
    assert "needs pip 22.2 or newer, found pip 22.0.4" in message
    assert "pip install --upgrade pip" in message
