"""The AWS Lambda bundle: ``lambda.zip`` (for SAM) and the same files unpacked in ``lambda-src/``
(for the ASK CLI, whose cfn-deployer zips a source folder itself).

Layout of the zip root (the handler is ``lambda_function.lambda_handler``; Lambda puts the
root on ``sys.path``, so both the entry module and ``skill`` import from there)::

    lambda_function.py        <- lambda/lambda_function.py
    skill/...                 <- the skill package, without chat/, web/, packaging/, nlu/,
                                 the sentence templates and the CLI
    ask_sdk_core/, requests/, ...  <- the runtime dependencies from pyproject.toml

Only ``[project] dependencies`` are installed, never the chat/web/dev extras (no Flask,
gunicorn, pytest), and of those not boto3 with botocore, s3transfer and jmespath: every
Lambda Python runtime includes the AWS SDK for Python, and bundling it makes the zip ten
times bigger (measured: 1.95 MB without, 19 MB with; 5.9 MB against 28.5 MB unpacked), which
every deploy uploads. On Lambda ``dynamodb://`` therefore uses the runtime's boto3, which AWS
keeps current (the skill needs only the DynamoDB resource API's get/put/delete item);
``--bundle-boto3`` ships a pinned copy instead, AWS's advice when an exact SDK version
matters.

Dependencies are resolved for the target runtime with pip (``--python-version``,
``--implementation cp``) preferring pure-Python wheels (``--platform any --abi none``): then
nothing in the bundle is tied to arm64 or x86_64 or to a CPython build, which is also why the
same zip imports in the test interpreter. Only if some dependency has no pure-Python wheel
are manylinux wheels for the chosen architecture used. Downloads are pinned and hash-checked
(pip's resolution report), and the zip is deterministic: sorted entries, fixed timestamps
and permissions, so the same sources and pins give the same bytes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from skill.cli import CommandError
from skill.packaging.layout import LAMBDA_SRC_DIR, REQUIREMENTS_NAME, ZIP_NAME
from skill.packaging.options import PackageOptions
from skill.packaging.sources import Sources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ENTRY_MODULE = "lambda_function.py"

# Provided by every AWS Lambda Python runtime (the AWS SDK and its own dependencies).
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath"})
# Not needed on Lambda: the console simulator, the web service, this packager, the sentence
# templates and the model builder that reads them (build-time only: no hassil on Lambda), the CLI.
SKILL_EXCLUDED_DIRS = frozenset({"chat", "web", "packaging", "nlu"})
SKILL_EXCLUDED_FILES = frozenset({"cli.py", "__main__.py"})
SKILL_EXCLUDED_SUBDIRS = frozenset({"sentences"})
# pip --target extras that are not code, or differ from machine to machine (RECORD hashes
# the console scripts in bin/, whose first line names the building interpreter).
DIST_INFO_DROPPED = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})
DEPENDENCY_DROPPED_DIRS = frozenset({"__pycache__", "tests", "test"})

# Earliest timestamp a zip can hold; the same for every entry and every build.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
# rw-r--r--: Lambda runs the code as a different user than the one that owns the files.
ZIP_FILE_MODE = 0o100644
# Lambda's limit for the unpacked code of a function.
LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024

MACHINE = {"arm64": "aarch64", "x86_64": "x86_64"}


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    sha256: str | None

    def requirement_line(self) -> str:
        line = f"{self.name}=={self.version}"
        return f"{line} --hash=sha256:{self.sha256}" if self.sha256 else line


@dataclass(frozen=True)
class Resolution:
    pins: tuple[Pin, ...]
    excluded: tuple[Pin, ...]  # resolved, but provided by the Lambda runtime
    pure: bool  # True: every wheel is pure Python (platform "any")


@dataclass(frozen=True)
class Bundle:
    zip_path: Path
    zip_size: int
    unpacked_size: int
    file_count: int
    resolution: Resolution


def normalize(name: str) -> str:
    """PEP 503 name normalisation: ``Python_Dateutil`` and ``python-dateutil`` are one."""
    return "-".join(name.lower().replace("_", "-").replace(".", "-").split("-"))


def runtime_requirements(sources: Sources, python: str) -> list[str]:
    """``[project] dependencies`` whose environment markers hold on Lambda's ``python``."""
    requirement_class = _requirement_class()
    data = tomllib.loads(sources.pyproject.read_text(encoding="utf-8"))
    environment = {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "os_name": "posix",
    }
    selected = []
    for text in data["project"]["dependencies"]:
        requirement = requirement_class(text)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            requirement.marker = None
            selected.append(str(requirement))
    return selected


def pip_target_args(options: PackageOptions, pure: bool) -> list[str]:
    """pip options that select wheels for the Lambda runtime instead of this machine."""
    args = ["--only-binary=:all:", "--implementation", "cp", "--python-version", options.python]
    if pure:
        return [*args, "--platform", "any", "--abi", "none"]
    machine = MACHINE[options.arch]
    abi = "cp" + options.python.replace(".", "")
    # Lambda's Python 3.12+ runtimes run on Amazon Linux 2023 (glibc 2.34).
    platforms = [f"manylinux_2_28_{machine}", f"manylinux2014_{machine}"]
    return [*args, "--abi", abi, *(arg for p in platforms for arg in ("--platform", p))]


# ``install --dry-run --report`` arrived in pip 22.2.
MIN_PIP = (22, 2)


def pip_version() -> tuple[int, ...]:
    """The version of the pip that ``package`` runs (``python -m pip``), e.g. (23, 2)."""
    result = _pip(["--version"])
    words = result.stdout.split()
    if result.returncode != 0 or len(words) < 2 or words[0] != "pip":
        raise CommandError(
            f"pip is not usable here ({_last_line(result.stderr)}); "
            f"install it with: {sys.executable} -m ensurepip --upgrade"
        )
    return tuple(int(part) for part in re.findall(r"\d+", words[1])[:3])


def check_pip() -> None:
    """One line naming the pip needed, when the one found is too old."""
    found = pip_version()
    if found < MIN_PIP:
        need = ".".join(map(str, MIN_PIP))
        have = ".".join(map(str, found))
        raise CommandError(
            f"rueckenmassage package needs pip {need} or newer, found pip {have}; "
            f"upgrade with: {sys.executable} -m pip install --upgrade pip"
        )


def resolve(options: PackageOptions, requirements: list[str], work: Path) -> Resolution:
    """Pin every distribution the requirements need on the target runtime (pip's report).

    ``--target`` goes with the dry run only because pip before 23.3 refuses ``--platform``
    and ``--abi`` without it ("Can not use any platform or abi specific options unless
    installing via '--target'"), even when nothing is installed; a dry run writes nothing
    there.
    """
    check_pip()
    excluded_names = set() if options.bundle_boto3 else set(RUNTIME_PROVIDED)
    last_error = ""
    for pure in (True, False):
        report = work / ("report-pure.json" if pure else "report-native.json")
        result = _pip(
            [
                "install",
                "--dry-run",
                "--ignore-installed",
                "--quiet",
                "--report",
                str(report),
                "--target",
                str(work / "dry-run-target"),
                *pip_target_args(options, pure),
                *requirements,
            ]
        )
        if result.returncode != 0:
            last_error = _last_line(result.stderr)
            continue
        pins = sorted(_pins_from_report(report), key=lambda pin: pin.name)
        kept = tuple(pin for pin in pins if pin.name not in excluded_names)
        dropped = tuple(pin for pin in pins if pin.name in excluded_names)
        return Resolution(kept, dropped, pure)
    raise CommandError(f"pip could not resolve the Lambda dependencies: {last_error}")


def install(options: PackageOptions, resolution: Resolution, target: Path, work: Path) -> None:
    """Install exactly the pinned wheels, without their dependencies, into ``target``."""
    requirements = work / "pinned.txt"
    requirements.write_text(
        "".join(pin.requirement_line() + "\n" for pin in resolution.pins), encoding="utf-8"
    )
    hashes = ["--require-hashes"] if all(pin.sha256 for pin in resolution.pins) else []
    result = _pip(
        [
            "install",
            "--quiet",
            "--no-deps",
            "--no-compile",
            "--target",
            str(target),
            *hashes,
            *pip_target_args(options, resolution.pure),
            "-r",
            str(requirements),
        ]
    )
    if result.returncode != 0:
        raise CommandError(
            f"pip could not install the Lambda dependencies: {_last_line(result.stderr)}"
        )


def skill_entries(sources: Sources) -> dict[str, bytes]:
    """The entry module and the runtime part of the ``skill`` package, by archive name."""
    entries = {ENTRY_MODULE: sources.lambda_entry.read_bytes()}
    package = sources.package
    for path in _walk(package):
        relative = path.relative_to(package)
        if (
            relative.parts[0] in SKILL_EXCLUDED_DIRS
            or (len(relative.parts) == 1 and relative.name in SKILL_EXCLUDED_FILES)
            or SKILL_EXCLUDED_SUBDIRS.intersection(relative.parts[:-1])
        ):
            continue
        entries[f"skill/{relative.as_posix()}"] = path.read_bytes()
    return entries


def dependency_entries(target: Path) -> dict[str, bytes]:
    """What pip installed into ``target``, less scripts, caches, tests and install records."""
    entries = {}
    for path in _walk(target):
        relative = PurePosixPath(path.relative_to(target).as_posix())
        if relative.parts[0] == "bin":  # console scripts; nothing imports them
            continue
        if relative.parts[0].endswith(".dist-info"):
            if relative.name in DIST_INFO_DROPPED:
                continue
        elif DEPENDENCY_DROPPED_DIRS.intersection(relative.parts[:-1]):
            continue
        entries[str(relative)] = path.read_bytes()
    return entries


def write_zip(entries: Mapping[str, bytes], path: Path) -> int:
    """Write ``entries`` as a deterministic zip; returns its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the mode below is honoured everywhere
            info.external_attr = ZIP_FILE_MODE << 16
            archive.writestr(info, entries[name], compresslevel=9)
    partial.replace(path)  # never leave a half-written lambda.zip behind
    return path.stat().st_size


def write_tree(entries: Mapping[str, bytes], folder: Path) -> None:
    """Replace ``folder`` with exactly ``entries`` (the unpacked bundle for the ASK CLI)."""
    if folder.exists():
        shutil.rmtree(folder)
    for name in sorted(entries):
        target = folder.joinpath(*name.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(entries[name])
        target.chmod(0o644)


def requirements_text(resolution: Resolution, options: PackageOptions) -> str:
    """A record of what was bundled (and what was left to the runtime), for review."""
    kind = "pure-Python wheels" if resolution.pure else f"manylinux wheels for {options.arch}"
    lines = [
        f"# Bundled in {ZIP_NAME} for {options.runtime} ({kind}); written by "
        "`rueckenmassage package`.",
        *(pin.requirement_line() for pin in resolution.pins),
    ]
    if resolution.excluded:
        lines.append("# Left out, provided by the Lambda runtime (--bundle-boto3 ships them):")
        lines.extend(f"#   {pin.name}=={pin.version}" for pin in resolution.excluded)
    return "\n".join(lines) + "\n"


def build_bundle(options: PackageOptions, sources: Sources, out: Path) -> Bundle:
    """Resolve, install and write ``lambda.zip``, ``lambda-src/`` and the pin record."""
    requirements = runtime_requirements(sources, options.python)
    with tempfile.TemporaryDirectory(prefix="rueckenmassage-lambda-") as tmp:
        work = Path(tmp)
        resolution = resolve(options, requirements, work)
        target = work / "target"
        install(options, resolution, target, work)
        entries = dependency_entries(target)
    ours = skill_entries(sources)
    clashes = sorted(set(entries) & set(ours))
    if clashes:
        raise CommandError(f"a dependency installs {clashes[0]}, which the skill's code also has")
    entries.update(ours)
    unpacked = sum(len(data) for data in entries.values())
    if unpacked > LAMBDA_UNZIPPED_LIMIT:
        raise CommandError(
            f"the Lambda bundle unpacks to {unpacked / 1e6:.0f} MB, over Lambda's 250 MB limit"
        )
    zip_path = out / ZIP_NAME
    size = write_zip(entries, zip_path)
    write_tree(entries, out / LAMBDA_SRC_DIR)
    (out / REQUIREMENTS_NAME).write_text(requirements_text(resolution, options), "utf-8")
    return Bundle(zip_path, size, unpacked, len(entries), resolution)


def _walk(root: Path) -> Iterator[Path]:
    """Regular files under ``root`` in a stable order, skipping caches and bytecode."""
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith((".pyc", ".pyo")):
                yield Path(directory) / name


def _pins_from_report(report: Path) -> Iterable[Pin]:
    data = json.loads(report.read_text(encoding="utf-8"))
    for item in data.get("install", []):
        hashes = item.get("download_info", {}).get("archive_info", {}).get("hashes", {})
        yield Pin(
            normalize(item["metadata"]["name"]),
            item["metadata"]["version"],
            hashes.get("sha256"),
        )


def _pip(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONDONTWRITEBYTECODE="1")
    try:
        return subprocess.run(
            [sys.executable, "-m", "pip", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CommandError(f"could not run pip: {error}") from None


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ERROR")]
    return (errors or lines or ["no output"])[-1]


def _requirement_class() -> type:
    # packaging is what pip itself uses to read requirements; pip vendors a copy.
    try:
        from packaging.requirements import Requirement
    except ImportError:  # pragma: no cover - packaging is not installed
        from pip._vendor.packaging.requirements import Requirement
    return Requirement
