"""``rueckenmassage package``: the ASK CLI project, the Lambda zip and the SAM stack.

The real command runs once per test session (``packaged``: a subprocess, pip included); the
other tests read its output or call the render functions in-process. The zip is then unpacked
into an empty folder and imported by an isolated interpreter that has no site-packages, so a
dependency missing from the bundle, or one the bundle should not carry, cannot hide.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest

from skill.chat import envelopes
from skill.cli import main
from skill.packaging import render_files
from skill.packaging.ask_project import (
    render_ask_resources,
    render_interaction_model,
    render_manifest,
)
from skill.packaging.lambda_zip import (
    RUNTIME_PROVIDED,
    pip_target_args,
    runtime_requirements,
    write_zip,
)
from skill.packaging.layout import (
    ASK_RESOURCES,
    ASK_STACK_PATH,
    LAMBDA_HANDLER,
    LAMBDA_SRC_DIR,
    REQUIREMENTS_NAME,
    SKILL_PACKAGE_DIR,
    TEMPLATE_NAME,
    ZIP_NAME,
)
from skill.packaging.options import PackageOptions, parse_endpoint
from skill.packaging.sam import TemplateSourceError, render_ask_stack, render_template
from skill.packaging.sources import Sources, default_sources

ROOT = Path(__file__).resolve().parents[1]
SOURCES = default_sources()
LOCALES = ["de-DE", "de-AT", "de-CH"]
DISCLAIMER = "ersetzt keine ärztliche Beratung"
ENDPOINT = "arn:aws:lambda:eu-west-1:123456789012:function:rueckenmassage-SkillFunction-1A2B"
PRIVACY = "https://rueckenmassage.example.org/datenschutz"
TERMS = "https://rueckenmassage.example.org/nutzungsbedingungen"
OPTIONS = PackageOptions(endpoint=parse_endpoint(ENDPOINT), privacy_url=PRIVACY, terms_url=TERMS)
SKILL_ID = envelopes.DEFAULT_APPLICATION_ID
# Never in the Lambda bundle: the web layer, the test tools, and what the runtime provides.
FORBIDDEN_TOP_LEVEL = {
    "flask",
    "werkzeug",
    "gunicorn",
    "pytest",
    "_pytest",
    "cryptography",
    "ask_sdk_webservice_support",
    "text_to_num",
    "moto",
    "boto3",
    "botocore",
    "s3transfer",
    "bin",
    "tests",
}


@pytest.fixture(scope="session")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``python -m skill package`` run once, as a user would: (build folder, its stdout)."""
    out = tmp_path_factory.mktemp("package") / "build"
    command = [sys.executable, "-m", "skill", "package", "--out", str(out)]
    command += ["--endpoint", ENDPOINT, "--privacy-url", PRIVACY, "--terms-url", TERMS]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# --- the command, end to end ---------------------------------------------------------------


def test_package_writes_the_ask_project_the_zip_and_the_sam_template(packaged) -> None:
    out, stdout = packaged
    for name in [ASK_RESOURCES, TEMPLATE_NAME, ASK_STACK_PATH, ZIP_NAME, REQUIREMENTS_NAME]:
        assert (out / name).is_file(), name
    assert (out / SKILL_PACKAGE_DIR / "skill.json").is_file()
    models = out / SKILL_PACKAGE_DIR / "interactionModels" / "custom"
    assert sorted(path.name for path in models.iterdir()) == sorted(f"{x}.json" for x in LOCALES)
    assert (out / LAMBDA_SRC_DIR / "lambda_function.py").is_file()
    size = re.search(r"lambda\.zip: (\d+\.\d\d) MB", stdout)
    assert size, stdout
    assert float(size.group(1)) == pytest.approx((out / ZIP_NAME).stat().st_size / 1e6, abs=0.01)
    # Without boto3 the bundle is small; with it, botocore alone would be tens of MB.
    assert float(size.group(1)) < 10


def test_packaged_files_are_byte_identical_to_the_render_functions(packaged) -> None:
    out, _ = packaged
    expected = render_files(OPTIONS, SOURCES)
    assert set(expected) >= {ASK_RESOURCES, TEMPLATE_NAME, ASK_STACK_PATH}
    for relative, data in expected.items():
        assert (out / relative).read_bytes() == data, relative


def test_packaged_models_are_the_repositorys_models(packaged) -> None:
    out, _ = packaged
    for locale in LOCALES:
        source = (ROOT / "interaction_models" / f"{locale}.json").read_bytes()
        packaged_model = out / SKILL_PACKAGE_DIR / "interactionModels" / "custom" / f"{locale}.json"
        assert packaged_model.read_bytes() == source == render_interaction_model(locale, SOURCES)


def test_manifest_with_the_sources_own_values_is_the_source_itself() -> None:
    """No second copy: skill.json is only ever re-rendered with the chosen values."""
    source = read_json(ROOT / "skill.json")["manifest"]
    locale = source["privacyAndCompliance"]["locales"]["de-DE"]
    same = PackageOptions(
        endpoint=parse_endpoint(source["apis"]["custom"]["endpoint"]["uri"]),
        privacy_url=locale["privacyPolicyUrl"],
        terms_url=locale["termsOfUseUrl"],
    )
    assert render_manifest(same, SOURCES) == (ROOT / "skill.json").read_bytes()


# --- the skill package in ASK's shape --------------------------------------------------------


def test_packaged_manifest_declares_locales_disclaimer_urls_events_and_endpoint(packaged) -> None:
    out, _ = packaged
    manifest = read_json(out / SKILL_PACKAGE_DIR / "skill.json")["manifest"]
    assert manifest["manifestVersion"] == "1.0"
    publishing = manifest["publishingInformation"]
    assert set(publishing["locales"]) == set(LOCALES)
    for locale in publishing["locales"].values():
        assert locale["name"] == "Rückenmassage"
        assert DISCLAIMER in locale["description"]
        assert locale["summary"] and len(locale["summary"]) <= 160
        assert 1 <= len(locale["examplePhrases"]) <= 3
        assert all(phrase.startswith("Alexa, ") for phrase in locale["examplePhrases"])
    assert publishing["category"] == "HEALTH_AND_FITNESS"
    privacy = manifest["privacyAndCompliance"]["locales"]
    assert set(privacy) == set(LOCALES)
    for urls in privacy.values():
        assert urls == {"privacyPolicyUrl": PRIVACY, "termsOfUseUrl": TERMS}
    assert manifest["apis"]["custom"]["endpoint"] == {"uri": ENDPOINT}
    events = manifest["events"]
    assert {"eventName": "SKILL_DISABLED"} in events["subscriptions"]
    assert events["endpoint"] == {"uri": ENDPOINT}


def test_an_https_endpoint_is_trusted_and_deploys_only_the_skill_package() -> None:
    url = "https://skill.example.org/alexa"
    options = PackageOptions(endpoint=parse_endpoint(url))
    manifest = json.loads(render_manifest(options, SOURCES))["manifest"]
    expected = {"uri": url, "sslCertificateType": "Trusted"}
    assert manifest["apis"]["custom"]["endpoint"] == expected
    assert manifest["events"]["endpoint"] == expected
    profile = json.loads(render_ask_resources(options, SOURCES))["profiles"]["default"]
    # A cfn-deployer would replace the web service's URL with a Lambda ARN.
    assert set(profile) == {"skillMetadata"}


def test_without_endpoint_the_manifest_has_none_and_ask_deploy_adds_it() -> None:
    manifest = json.loads(render_manifest(PackageOptions(), SOURCES))["manifest"]
    # SMAPI refuses an ARN the new skill may not invoke, and events without an endpoint.
    assert "endpoint" not in manifest["apis"]["custom"]
    assert "events" not in manifest
    resources = json.loads(render_ask_resources(PackageOptions(), SOURCES))
    infrastructure = resources["profiles"]["default"]["skillInfrastructure"]
    assert infrastructure["userConfig"]["skillEvents"] == {"subscriptions": ["SKILL_DISABLED"]}


def test_ask_resources_point_at_the_package_the_code_and_the_stack(packaged) -> None:
    out, _ = packaged
    resources = read_json(out / ASK_RESOURCES)
    assert resources["askcliResourcesVersion"] == "2020-03-31"
    profile = resources["profiles"]["default"]
    assert (out / profile["skillMetadata"]["src"] / "skill.json").is_file()
    code = out / profile["code"]["default"]["src"]
    # No requirements.txt: the ASK CLI's zip-only build flow ships the folder as it is.
    assert (code / "lambda_function.py").is_file() and not (code / "requirements.txt").exists()
    infrastructure = profile["skillInfrastructure"]
    assert infrastructure["type"] == "@ask-cli/cfn-deployer"
    config = infrastructure["userConfig"]
    assert config["runtime"] == "python3.12"
    assert config["handler"] == LAMBDA_HANDLER
    assert config["awsRegion"] == "eu-west-1"
    assert "CAPABILITY_AUTO_EXPAND" in config["cfn"]["capabilities"]
    assert (out / config["templatePath"]).is_file()


@pytest.mark.parametrize("locale", LOCALES)
def test_packaged_interaction_model_has_the_ask_schema_shape(packaged, locale: str) -> None:
    out, _ = packaged
    path = out / SKILL_PACKAGE_DIR / "interactionModels" / "custom" / f"{locale}.json"
    model = read_json(path)
    assert set(model) == {"interactionModel"}
    language_model = model["interactionModel"]["languageModel"]
    # ASK's invocation name rules: lower case letters (umlauts and ß in German), spaces,
    # periods after initialisms, apostrophes; 2-50 characters; no wake word or launch phrase.
    name = language_model["invocationName"]
    assert re.fullmatch(r"[a-zäöüß][a-zäöüß .']{1,49}", name), name
    banned = {"alexa", "amazon", "echo", "computer", "skill", "app"}
    launch = {"starte", "öffne", "frage", "sage", "beginne", "spiele"}
    words = name.split()
    assert not banned & set(words) and words[0] not in launch, name

    intents = language_model["intents"]
    names = [intent["name"] for intent in intents]
    assert len(names) == len(set(names)) and all(names)
    for required in ["AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent"]:
        assert required in names
    assert "AMAZON.FallbackIntent" in names and "AMAZON.NavigateHomeIntent" in names
    for intent in intents:
        assert set(intent) <= {"name", "samples", "slots"}, intent["name"]
        samples = intent.get("samples", [])
        assert all(isinstance(s, str) and s.strip() for s in samples), intent["name"]
        if not intent["name"].startswith("AMAZON."):
            assert samples, intent["name"]
        for slot in intent.get("slots", []):
            assert slot["name"] and slot["type"], intent["name"]

    types = language_model["types"]
    assert types
    for slot_type in types:
        assert slot_type["name"] and slot_type["values"], slot_type
        for value in slot_type["values"]:
            assert value["name"]["value"].strip(), slot_type["name"]


# --- the SAM template ------------------------------------------------------------------------


class _NoManagedPolicies:
    """The translator asks for managed policy names only when Policies name one; ours don't."""

    def load(self) -> dict[str, str]:
        return {}


def expand(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The plain CloudFormation that AWS's SAM transform makes of a template."""
    from cfnlint.decode import cfn_yaml
    from samtranslator.translator.transform import transform

    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")  # the translator asks boto3
    template = json.loads(json.dumps(cfn_yaml.load(str(path))))
    properties = template["Resources"]["SkillFunction"]["Properties"]
    if isinstance(properties["CodeUri"], str):  # what `sam deploy` does: upload, refer by URI
        properties["CodeUri"] = f"s3://deployment-bucket/{properties['CodeUri']}"
    return transform(template, {"SkillId": SKILL_ID}, _NoManagedPolicies())


@pytest.mark.parametrize("flavour", [TEMPLATE_NAME, ASK_STACK_PATH])
def test_sam_transform_makes_a_least_privilege_skill_stack(
    packaged, flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, _ = packaged
    resources = expand(out / flavour, monkeypatch)["Resources"]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for resource in resources.values():
        by_type.setdefault(resource["Type"], []).append(resource)

    (function,) = by_type["AWS::Lambda::Function"]
    props = function["Properties"]
    if flavour == TEMPLATE_NAME:
        assert props["Runtime"] == "python3.12"
        assert props["Handler"] == LAMBDA_HANDLER
    else:  # the ASK CLI passes runtime, handler and the uploaded code as parameters
        assert props["Runtime"] == {"Ref": "LambdaRuntime"}
        assert props["Handler"] == {"Ref": "LambdaHandler"}
        assert props["Code"]["S3ObjectVersion"] == {"Ref": "CodeVersion"}
    assert props["Architectures"] == ["arm64"]
    assert props["Timeout"] < 8  # Alexa waits about 8 s
    assert 128 <= props["MemorySize"] <= 1024
    variables = props["Environment"]["Variables"]
    assert variables["RUECKENMASSAGE_STORE"] == {"Fn::Sub": "dynamodb://${ProgressTable}"}
    assert variables["ALEXA_SKILL_ID"] == {"Ref": "SkillId"}

    (permission,) = by_type["AWS::Lambda::Permission"]
    assert permission["Properties"]["Principal"] == "alexa-appkit.amazon.com"
    assert permission["Properties"]["EventSourceToken"] == {"Ref": "SkillId"}

    (role,) = by_type["AWS::IAM::Role"]
    assert role["Properties"]["ManagedPolicyArns"] == [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    ]
    statements = [
        statement
        for policy in role["Properties"]["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
    ]
    assert statements == [
        {
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
            "Resource": {"Fn::GetAtt": ["ProgressTable", "Arn"]},
        }
    ]

    (table,) = by_type["AWS::DynamoDB::Table"]
    table_props = table["Properties"]
    assert table_props["BillingMode"] == "PAY_PER_REQUEST"
    assert table_props["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table_props["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "S"}]


def test_stack_outputs_the_endpoint_and_takes_only_a_real_skill_id(packaged) -> None:
    from cfnlint.decode import cfn_yaml

    out, _ = packaged
    template = json.loads(json.dumps(cfn_yaml.load(str(out / TEMPLATE_NAME))))
    # The ASK CLI's cfn-deployer reads exactly this output name.
    assert template["Outputs"]["SkillEndpoint"]["Value"] == {"Fn::GetAtt": ["SkillFunction", "Arn"]}
    pattern = template["Parameters"]["SkillId"]["AllowedPattern"]
    assert re.fullmatch(pattern, SKILL_ID)
    for bad in ["", "amzn1.ask.skill.1234", f"{SKILL_ID}x", "arn:aws:lambda:eu-west-1"]:
        assert not re.fullmatch(pattern, bad), bad
    assert set(template["Parameters"]) == {"SkillId"}  # all `sam deploy --guided` asks for


def test_templates_pass_cfn_lint(packaged, tmp_path: Path, monkeypatch) -> None:
    out, _ = packaged
    variant = PackageOptions(python="3.13", arch="x86_64")
    (tmp_path / "py313-x86.yaml").write_bytes(render_template(variant, SOURCES))
    (tmp_path / "ask-py313-x86.yaml").write_bytes(render_ask_stack(variant, SOURCES))
    # The expanded CloudFormation too: full rules (runtimes, IAM actions, references).
    for flavour in [TEMPLATE_NAME, ASK_STACK_PATH]:
        expanded = expand(out / flavour, monkeypatch)
        (tmp_path / f"expanded-{Path(flavour).stem}.json").write_text(json.dumps(expanded))
    files = [out / TEMPLATE_NAME, out / ASK_STACK_PATH, ROOT / "deploy" / "template.yaml"]
    files += sorted(tmp_path.iterdir())
    cfn_lint = shutil.which("cfn-lint", path=str(Path(sys.executable).parent)) or "cfn-lint"
    result = subprocess.run(
        [cfn_lint, "--regions", "eu-west-1", "--", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_template_options_change_only_runtime_and_architecture() -> None:
    source = (ROOT / "deploy" / "template.yaml").read_text(encoding="utf-8")
    assert render_template(PackageOptions(), SOURCES) == source.encode("utf-8")
    variant = render_template(PackageOptions(python="3.13", arch="x86_64"), SOURCES).decode()
    assert "Runtime: python3.13" in variant and "- x86_64" in variant
    changed = [
        (a, b) for a, b in zip(source.splitlines(), variant.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 2
    resources = json.loads(render_ask_resources(PackageOptions(python="3.13"), SOURCES))
    assert resources["profiles"]["default"]["skillInfrastructure"]["userConfig"]["runtime"] == (
        "python3.13"
    )


def test_a_template_source_without_an_anchor_line_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    text = (ROOT / "deploy" / "template.yaml").read_text(encoding="utf-8")
    (tmp_path / "deploy" / "template.yaml").write_text(text.replace("python3.12", "python3.11"))
    with pytest.raises(TemplateSourceError, match=r"Runtime: python3\.12"):
        render_template(PackageOptions(), Sources(tmp_path))


# --- the Lambda zip --------------------------------------------------------------------------


def test_zip_holds_entry_skill_and_runtime_dependencies_only(packaged) -> None:
    out, _ = packaged
    with zipfile.ZipFile(out / ZIP_NAME) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert names == sorted(names)
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.external_attr >> 16 for info in infos} == {0o100644}
        entry = archive.read("lambda_function.py")
    # The handler's module sits at the root: Handler lambda_function.lambda_handler.
    assert LAMBDA_HANDLER.split(".")[0] + ".py" in names
    assert entry == (ROOT / "lambda" / "lambda_function.py").read_bytes()
    for toml in (ROOT / "skill" / "locale" / "de-DE").glob("*.toml"):
        assert f"skill/locale/de-DE/{toml.name}" in names
    assert "skill/builder.py" in names and "ask_sdk_core/skill_builder.py" in names
    top_level = {name.split("/")[0].split(".")[0].split("-")[0].lower() for name in names}
    assert not FORBIDDEN_TOP_LEVEL & top_level, FORBIDDEN_TOP_LEVEL & top_level
    for name in names:
        parts = name.split("/")
        assert "__pycache__" not in parts and not name.endswith((".pyc", ".pyo")), name
        assert "tests" not in parts and "test" not in parts[:-1], name
        assert not name.startswith(
            ("skill/chat/", "skill/web/", "skill/packaging/", "skill/nlu/")
        ), name
        assert "/sentences/" not in name, name  # templates are build-time data
        assert name not in {"skill/cli.py", "skill/__main__.py"}, name
        assert not (".dist-info/" in name and name.endswith("/RECORD")), name


def test_lambda_src_is_the_zip_unpacked(packaged) -> None:
    out, _ = packaged
    folder = out / LAMBDA_SRC_DIR
    on_disk = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }
    with zipfile.ZipFile(out / ZIP_NAME) as archive:
        in_zip = {name: archive.read(name) for name in archive.namelist()}
    assert on_disk == in_zip


@pytest.mark.skipif(
    sys.version_info < (3, 11), reason="the bundle targets Python 3.12+, which has tomllib"
)
def test_built_zip_answers_requests_in_a_clean_interpreter(packaged, tmp_path: Path) -> None:
    out, _ = packaged
    unpacked = tmp_path / "task"  # like Lambda's /var/task
    unpacked.mkdir()
    with zipfile.ZipFile(out / ZIP_NAME) as archive:
        archive.extractall(unpacked)
    requests = [
        envelopes.launch_request(),
        envelopes.intent_request("AMAZON.HelpIntent"),
        envelopes.intent_request("FaqAidsIntent"),
    ]
    script = textwrap.dedent(
        f"""
        import json, sys
        assert not any("site-packages" in entry for entry in sys.path), sys.path
        sys.path.insert(0, {str(unpacked)!r})
        import lambda_function
        answers = [lambda_function.lambda_handler(event, None) for event in json.load(sys.stdin)]
        import ask_sdk_core, skill
        print(json.dumps({{
            "answers": answers,
            "modules": sorted(sys.modules),
            "files": [lambda_function.__file__, skill.__file__, ask_sdk_core.__file__],
        }}))
        """
    )
    # -I: no PYTHON* variables, no user site; -S: no site module, so no site-packages at all.
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"RUECKENMASSAGE_STORE": "memory://", "ALEXA_SKILL_ID": SKILL_ID, "PATH": "/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert all(Path(path).is_relative_to(unpacked) for path in report["files"]), report["files"]
    launch, help_, faq = (reply["response"]["outputSpeech"]["ssml"] for reply in report["answers"])
    assert "Willkommen" in launch
    assert "Schritt" in help_ and "Sie" in help_
    assert "Faszienrolle" in faq or "Massageb" in faq
    assert report["answers"][1]["response"]["shouldEndSession"] is False
    roots = {name.split(".")[0] for name in report["modules"]}
    assert not {"flask", "werkzeug", "gunicorn", "boto3", "botocore"} & roots
    assert not [name for name in report["modules"] if name.startswith(("skill.web", "skill.chat"))]


def test_building_again_gives_the_same_bytes(
    packaged, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = packaged
    again = tmp_path / "again"
    args = ["--endpoint", ENDPOINT, "--privacy-url", PRIVACY, "--terms-url", TERMS]
    assert main(["package", "--out", str(again), *args]) == 0, capsys.readouterr().err
    for name in [ZIP_NAME, REQUIREMENTS_NAME, TEMPLATE_NAME, ASK_STACK_PATH, ASK_RESOURCES]:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_zip_writer_is_deterministic(tmp_path: Path) -> None:
    entries = {"b/x.py": b"x = 1\n", "a.py": b"a = 1\n", "b/data.toml": b"k = 'v'\n"}
    first = tmp_path / "first.zip"
    second = tmp_path / "second.zip"
    write_zip(entries, first)
    write_zip(dict(reversed(list(entries.items()))), second)
    assert first.read_bytes() == second.read_bytes()


def test_runtime_requirements_are_the_projects_dependencies_without_extras() -> None:
    requirements = runtime_requirements(SOURCES, "3.12")
    names = {re.split(r"[<>=!~; \[]", requirement)[0].lower() for requirement in requirements}
    assert {"ask-sdk-core", "ask-sdk-dynamodb-persistence-adapter", "platformdirs"} <= names
    assert "tomli" not in names  # python_version < '3.11'
    assert not {"flask", "gunicorn", "pytest", "text2num", "moto"} & names
    # boto3 is a dependency, resolved, then left to the Lambda runtime by default.
    assert "boto3" in names and "boto3" in RUNTIME_PROVIDED


def test_pip_prefers_pure_python_wheels_for_the_target_runtime() -> None:
    options = PackageOptions(python="3.13", arch="arm64")
    pure = pip_target_args(options, pure=True)
    assert pure[pure.index("--platform") + 1] == "any"
    assert pure[pure.index("--python-version") + 1] == "3.13"
    native = pip_target_args(options, pure=False)
    assert "manylinux2014_aarch64" in native and "cp313" in native


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--endpoint", "my-function"], "neither a Lambda function ARN"),
        (["--endpoint", "http://skill.example.org/alexa"], "neither a Lambda function ARN"),
        (["--endpoint", "https://skill.example.org:8443/alexa"], "port 443"),
        (["--endpoint", "arn:aws:lambda:eu-west-1:123:function:x"], "neither a Lambda"),
        (["--privacy-url", "http://example.org/datenschutz"], "must be an https:// URL"),
        (["--terms-url", "https://"], "must be an https:// URL"),
        (["--terms-url", "https://user:pw@example.org/agb"], "plain https:// URL"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "build"
    assert main(["package", "--out", str(out), *args]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rueckenmassage package: "), captured.err
    assert message in lines[0]
    assert not out.exists()  # validated before anything was written


def test_out_cannot_be_a_source_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["package", "--out", str(ROOT), "--skip-zip"]) == 2
    assert "source folder" in capsys.readouterr().err


def test_skip_zip_renders_and_keeps_what_the_deploy_tools_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "build"
    ask_state = out / ".ask" / "ask-states.json"
    ask_state.parent.mkdir(parents=True)
    ask_state.write_text("{}")
    stale = out / SKILL_PACKAGE_DIR / "interactionModels" / "custom" / "en-US.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    assert main(["package", "--out", str(out), "--skip-zip"]) == 0
    stdout = capsys.readouterr().out
    assert "no --endpoint" in stdout and "--skip-zip" in stdout
    for relative, data in render_files(PackageOptions(), SOURCES).items():
        assert (out / relative).read_bytes() == data, relative
    assert (out / TEMPLATE_NAME).read_bytes() == (ROOT / "deploy" / "template.yaml").read_bytes()
    assert ask_state.read_text() == "{}"  # the ASK CLI's state survives a re-package
    assert not stale.exists()  # the skill package is ours: only the repository's locales
    assert not (out / ZIP_NAME).exists()
