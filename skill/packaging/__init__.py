"""``rueckenmassage package``: everything needed to deploy the skill, rendered from the repo.

Writes into ``--out`` (default ``build/``)::

    ask-resources.json                           ASK CLI v2 project (ask deploy)
    skill-package/skill.json                     the manifest, endpoint and URLs filled in
    skill-package/interactionModels/custom/*.json
    infrastructure/cfn-deployer/skill-stack.yaml the stack for ask deploy
    lambda-src/                                  the Lambda bundle, unpacked, for ask deploy
    template.yaml                                AWS SAM (sam build && sam deploy --guided)
    lambda.zip                                   the Lambda bundle for SAM
    lambda-requirements.txt                      the bundled dependencies, pinned

Only these paths are replaced; anything else in the folder (the ASK CLI's ``.ask/``, SAM's
``.aws-sam/`` and ``samconfig.toml``) is left alone, so ``package`` can run again between
deploys. The step-by-step guide is docs/deploy.md.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from skill.cli import CommandError
from skill.packaging.ask_project import ask_project_files, manifest_notes
from skill.packaging.layout import (
    ASK_STACK_PATH,
    LAMBDA_SRC_DIR,
    SKILL_PACKAGE_DIR,
    TEMPLATE_NAME,
    ZIP_NAME,
)
from skill.packaging.options import (
    ARCHITECTURES,
    DEFAULT_ARCH,
    DEFAULT_PYTHON,
    PYTHON_VERSIONS,
    PackageOptions,
    check_https_url,
    parse_endpoint,
)
from skill.packaging.sam import TemplateSourceError, render_ask_stack, render_template
from skill.packaging.sources import Sources, default_sources

DEFAULT_OUT = "build"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", default=DEFAULT_OUT, metavar="DIR", help="build folder (default: build/)"
    )
    parser.add_argument(
        "--endpoint",
        metavar="ARN_OR_URL",
        help="the skill's endpoint: the Lambda function ARN (the stack's SkillEndpoint output) "
        "or the https:// URL of the web service; default: none yet (ask deploy fills it)",
    )
    parser.add_argument("--privacy-url", metavar="URL", help="https URL of the privacy policy")
    parser.add_argument("--terms-url", metavar="URL", help="https URL of the terms of use")
    parser.add_argument(
        "--python",
        choices=PYTHON_VERSIONS,
        default=DEFAULT_PYTHON,
        help=f"Lambda Python runtime (default: {DEFAULT_PYTHON})",
    )
    parser.add_argument(
        "--arch",
        choices=ARCHITECTURES,
        default=DEFAULT_ARCH,
        help=f"Lambda architecture (default: {DEFAULT_ARCH}, cheaper; the bundle is pure Python)",
    )
    parser.add_argument(
        "--bundle-boto3",
        action="store_true",
        help="ship boto3/botocore in the zip instead of using the Lambda runtime's copy",
    )
    parser.add_argument(
        "--skip-zip",
        action="store_true",
        help="render only the manifest, models and templates; keep lambda.zip as it is",
    )


def options_from_args(args: argparse.Namespace) -> PackageOptions:
    """Validated options; a bad value raises ``CommandError`` with one line."""
    return PackageOptions(
        endpoint=parse_endpoint(args.endpoint) if args.endpoint is not None else None,
        privacy_url=_url(args.privacy_url, "--privacy-url"),
        terms_url=_url(args.terms_url, "--terms-url"),
        python=args.python,
        arch=args.arch,
        bundle_boto3=args.bundle_boto3,
    )


def render_files(options: PackageOptions, sources: Sources) -> dict[str, bytes]:
    """Every rendered text file of the build folder, by relative path (not the bundle)."""
    try:
        files = ask_project_files(options, sources)
        files[TEMPLATE_NAME] = render_template(options, sources)
        files[ASK_STACK_PATH] = render_ask_stack(options, sources)
    except TemplateSourceError as error:
        raise CommandError(str(error)) from None
    return files


def run(args: argparse.Namespace) -> int:
    sources = default_sources().check()
    options = options_from_args(args)
    out = Path(args.out)
    _check_out(out, sources)
    files = render_files(options, sources)  # everything validated before anything is written
    try:
        return _write(args, options, sources, out, files)
    except OSError as error:
        raise CommandError(f"cannot write {out}: {error}") from None


def _write(
    args: argparse.Namespace,
    options: PackageOptions,
    sources: Sources,
    out: Path,
    files: dict[str, bytes],
) -> int:
    out.mkdir(parents=True, exist_ok=True)
    bundle = None
    if not args.skip_zip:
        # First, so that a pip failure (no network) leaves the folder as it was.
        from skill.packaging.lambda_zip import build_bundle  # runs pip: only when needed

        bundle = build_bundle(options, sources, out)
    if (out / SKILL_PACKAGE_DIR).exists():  # ours: a locale removed from the repo goes too
        shutil.rmtree(out / SKILL_PACKAGE_DIR)
    for relative, data in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    locales = sorted(
        Path(name).stem for name in files if name.startswith(f"{SKILL_PACKAGE_DIR}/interaction")
    )
    print(f"wrote {out}/")
    print(f"  ASK CLI project: ask-resources.json, {SKILL_PACKAGE_DIR}/ ({', '.join(locales)})")
    print(f"  AWS SAM: {TEMPLATE_NAME} ({options.runtime}, {options.arch}), {ASK_STACK_PATH}")
    if bundle is None:
        state = "kept as it was" if (out / ZIP_NAME).exists() else "not built yet"
        print(f"  {ZIP_NAME}: skipped (--skip-zip), {state}")
    else:
        provided = bundle.resolution.excluded
        left_out = (
            f"; {', '.join(pin.name for pin in provided)} from the Lambda runtime"
            if provided
            else ""
        )
        wheels = "pure Python" if bundle.resolution.pure else f"native wheels for {options.arch}"
        print(
            f"  {ZIP_NAME}: {bundle.zip_size / 1e6:.2f} MB ({bundle.file_count} files, "
            f"{bundle.unpacked_size / 1e6:.1f} MB unpacked, {wheels}{left_out}), "
            f"same files in {LAMBDA_SRC_DIR}/"
        )
    for note in manifest_notes(options, sources):
        print(f"note: {note}")
    print("next: docs/deploy.md (ask deploy, or sam build && sam deploy --guided)")
    return 0


def _url(value: str | None, option: str) -> str | None:
    return None if value is None else check_https_url(value, option)


def _check_out(out: Path, sources: Sources) -> None:
    # The build folder's contents are replaced in part; never let that be a source folder.
    resolved = out.resolve()
    protected = [sources.root, sources.package, sources.models, sources.template.parent]
    protected.append(sources.lambda_entry.parent)
    if any(resolved == path.resolve() for path in protected):
        raise CommandError(f"--out {out} is a source folder; use a separate one such as build/")
