"""APL documents checked as data: their shape, and every ``${…}`` binding against a datasource.

No APL renderer or validator is available offline, so this walks the document the way a
device inflates it: ``mainTemplate.parameters`` get the datasources, a component with ``data``
inflates its children once per element (``data`` is the element), ``bind`` adds names in order.
Each expression's names must then resolve: ``payload.screen.properties.title`` must exist in the
datasource, ``data.label`` in every element, ``@colorText`` among the resources. Values only the
device knows (``elapsedTime``, a bind changed by ``SetValue``) end the check of
their path. A ``when`` or ``bind`` as simple as ``${round}``, ``${!round}`` or
``${viewport.shape == 'round'}`` is evaluated for the viewport shape given, so a part meant
only for round screens is checked (and its buttons rendered) only there. The same walk renders
every ``SendEvent``'s arguments with the real data, which is what a touch would send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

APL_VERSION = "2024.3"
IMPORTS = {"alexa-layouts": "1.7.0", "alexa-viewport-profiles": "1.6.0"}


class _Runtime:
    def __repr__(self) -> str:
        return "<runtime>"


RUNTIME = _Runtime()  # a value the device computes; its path is not checked further

GLOBALS: dict[str, Any] = {
    name: RUNTIME for name in ("elapsedTime", "localTime", "utcTime", "environment")
}
SHAPES = ("rectangle", "round")
FUNCTIONS = {"Math": {"floor", "ceil", "min", "max", "round", "abs"}, "String": {"length"}}
LITERALS = {"true", "false", "null"}
# Resources the imported packages define (alexa-viewport-profiles): the ones this skill uses.
PACKAGE_RESOURCES = {
    "viewportProfile",
    "hubRoundSmall",
    "hubLandscapeSmall",
    "hubLandscapeMedium",
    "hubLandscapeLarge",
    "hubLandscapeXLarge",
    "tvLandscapeXLarge",
}
RESOURCE_KINDS = ("colors", "dimensions", "numbers", "strings", "booleans", "gradients", "easing")
PRIMITIVE_COMPONENTS = {
    "Container", "Frame", "Text", "ScrollView", "Sequence", "GridSequence", "Pager", "Image",
    "VectorGraphic", "TouchWrapper", "EditText", "Video",
}  # fmt: skip
PACKAGE_COMPONENTS = {"AlexaButton", "AlexaProgressBar", "AlexaProgressBarRadial"}
COMMANDS = {"SetValue", "Idle", "SendEvent", "Sequential", "Parallel", "SpeakItem", "SetState"}
DOCUMENT_KEYS = {
    "type", "version", "description", "theme", "import", "resources", "styles", "layouts",
    "mainTemplate", "onMount", "handleTick", "graphics", "commands", "settings", "background",
}  # fmt: skip
CHILD_KEYS = ("items", "item", "firstItem", "lastItem")
NOT_PROPERTIES = {"type", "data", "bind", "when", *CHILD_KEYS}

_STRING_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
_CHAIN = re.compile(
    r"(?<![\w.@])(@?)([A-Za-z_]\w*)((?:\s*\.\s*[A-Za-z_]\w*|\s*\[[^\[\]]*\])*)(\s*\()?"
)
_ACCESSOR = re.compile(r"\.\s*([A-Za-z_]\w*)|\[([^\[\]]*)\]")
_PATH = re.compile(r"^\s*[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*|\s*\[[^\[\]]*\])*\s*$")
_TRUTH = re.compile(r"^\s*(!?)\s*([A-Za-z_][\w.]*)\s*$")
_COMPARISON = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(==|!=)\s*'([^']*)'\s*$")


def expressions(text: str) -> list[str]:
    """The bodies of every ``${…}`` in ``text``."""
    found, start = [], text.find("${")
    while start != -1:
        depth, index = 0, start + 1
        while index < len(text):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                break
            index += 1
        found.append(text[start + 2 : index])
        start = text.find("${", index)
    return found


@dataclass
class Checker:
    document: dict[str, Any]
    datasources: dict[str, Any]
    shape: str = "rectangle"  # the viewport shape the document is inflated for
    errors: list[str] = field(default_factory=list)
    send_events: list[list[Any]] = field(default_factory=list)

    def run(self) -> Checker:
        self.resources = _resource_names(self.document) | PACKAGE_RESOURCES
        globals_ = {**GLOBALS, "viewport": {"shape": self.shape}}
        for block in self.document.get("resources", []):
            if "when" in block:
                self._value(block["when"], globals_, "resources.when")
        template = self.document["mainTemplate"]
        scope = dict(globals_)
        for name in template["parameters"]:
            scope[name] = self.datasources
        for index, item in enumerate(template["items"]):
            self._component(item, scope, f"mainTemplate.items[{index}]")
        return self

    # -- components ------------------------------------------------------------------------------
    def _component(self, node: dict[str, Any], scope: dict[str, Any], where: str) -> None:
        where = f"{where}<{node.get('type')}>"
        if "when" in node:
            self._value(node["when"], scope, f"{where}.when")
            if self._evaluate(node["when"], scope, where) is False:
                return  # not inflated on this viewport
        own = dict(scope)
        binds = set()
        for entry in node.get("bind", []):
            own[entry["name"]] = self._bound(entry["value"], own, f"{where}.bind.{entry['name']}")
            binds.add(entry["name"])
        for key, value in node.items():
            if key not in NOT_PROPERTIES:
                self._value(value, own, f"{where}.{key}", binds)
        children = [
            (key, child)
            for key in CHILD_KEYS
            for child in (node[key] if isinstance(node.get(key), list) else [node.get(key)])
            if isinstance(child, dict)
        ]
        if "data" not in node:
            for key, child in children:
                self._component(child, own, f"{where}.{key}")
            return
        items = self._bound(node["data"], own, f"{where}.data")
        if items is RUNTIME:
            return
        if not isinstance(items, list):
            self.errors.append(f"{where}.data: not a list: {items!r}")
            return
        for number, element in enumerate(items):
            inner = {**own, "data": element, "index": number, "length": len(items)}
            for key, child in children:
                self._component(child, inner, f"{where}.{key}[data {number}]")

    def _bound(self, value: Any, scope: dict[str, Any], where: str) -> Any:
        """A bind or data value: the resolved object for a pure path, else a runtime value."""
        if isinstance(value, str):
            bodies = expressions(value)
            if value.strip() == "${" + "".join(bodies[:1]) + "}" and _PATH.match(bodies[0]):
                resolved = self._path(bodies[0].strip(), scope, where)
                if resolved is not None:
                    return resolved
            self._value(value, scope, where)
            known = self._evaluate(value, scope, where)
            return RUNTIME if known is None else known
        return value

    def _evaluate(self, value: Any, scope: dict[str, Any], where: str) -> bool | None:
        """The truth of a simple condition (see the module doc); None when not that simple."""
        if not isinstance(value, str):
            return None
        bodies = expressions(value)
        if len(bodies) != 1 or value.strip() != "${" + bodies[0] + "}":
            return None
        if match := _TRUTH.match(bodies[0]):
            found = self._path(match.group(2), scope, where)
            return None if found is RUNTIME or found is None else bool(found) != bool(match[1])
        if match := _COMPARISON.match(bodies[0]):
            found = self._path(match.group(1), scope, where)
            if found is RUNTIME or found is None:
                return None
            return (found == match.group(3)) == (match.group(2) == "==")
        return None

    # -- values, commands and expressions --------------------------------------------------------
    def _value(self, value: Any, scope: dict[str, Any], where: str, binds=frozenset()) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                self._value(item, scope, f"{where}[{index}]", binds)
        elif isinstance(value, dict):
            if value.get("type") in COMMANDS or "commands" in value:
                self._command(value, scope, where, binds)
            for key, item in value.items():
                self._value(item, scope, f"{where}.{key}", binds)
        elif isinstance(value, str):
            if value.startswith("@") and value[1:] not in self.resources:
                self.errors.append(f"{where}: unknown resource {value}")
            for body in expressions(value):
                self._expression(body, scope, where)

    def _command(self, command: dict[str, Any], scope: dict[str, Any], where: str, binds) -> None:
        kind = command.get("type")
        if kind == "SetValue" and "componentId" not in command and command["property"] not in binds:
            self.errors.append(f"{where}: SetValue of {command['property']!r}, not a bind here")
        if kind == "SendEvent":
            self.send_events.append(
                [self._render(arg, scope, where) for arg in command["arguments"]]
            )

    def _render(self, argument: Any, scope: dict[str, Any], where: str) -> Any:
        if not isinstance(argument, str) or "${" not in argument:
            return argument
        bodies = expressions(argument)
        if argument != "${" + "".join(bodies[:1]) + "}" or not _PATH.match(bodies[0]):
            raise AssertionError(f"{where}: SendEvent argument is not a plain binding: {argument}")
        return self._path(bodies[0].strip(), scope, where)

    def _expression(self, body: str, scope: dict[str, Any], where: str) -> None:
        code = _STRING_LITERAL.sub("''", body)
        for match in _CHAIN.finditer(code):
            resource, root, accessors, call = match.groups()
            if resource:
                if root not in self.resources:
                    self.errors.append(f"{where}: unknown resource @{root}")
            elif root in FUNCTIONS:
                member = accessors.strip().lstrip(".").strip()
                if not call or member not in FUNCTIONS[root]:
                    self.errors.append(f"{where}: unknown function {root}.{member}")
            elif root not in LITERALS:
                self._path(root + accessors, scope, where)

    def _path(self, path: str, scope: dict[str, Any], where: str) -> Any:
        """Resolve ``name.key[0].other``; record an error and return None if it does not."""
        root = re.match(r"[A-Za-z_]\w*", path)
        if root is None or root.group(0) not in scope:
            name = root.group(0) if root else path
            self.errors.append(f"{where}: unknown name {name!r} in {path!r}")
            return None
        values = [scope[root.group(0)]]
        for match in _ACCESSOR.finditer(path, root.end()):
            key, index = match.groups()
            if key is None and not index.strip().isdigit():
                self._expression(index, scope, where)
            following: list[Any] = []
            for value in values:
                if value is RUNTIME:
                    return RUNTIME
                if key is not None:
                    if not isinstance(value, dict) or key not in value:
                        self.errors.append(f"{where}: {path!r}: no {key!r} in {_short(value)}")
                        return None
                    following.append(value[key])
                elif not isinstance(value, list):
                    self.errors.append(f"{where}: {path!r}: indexing {_short(value)}")
                    return None
                elif index.strip().isdigit():
                    if int(index) >= len(value):
                        self.errors.append(f"{where}: {path!r}: index {index} out of range")
                        return None
                    following.append(value[int(index)])
                else:  # an index computed at run time: every element must have the rest
                    following.extend(value)
            values = following
        return values[0] if len(values) == 1 else RUNTIME


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


def _resource_names(document: dict[str, Any]) -> set[str]:
    return {
        name
        for block in document.get("resources", [])
        for kind in RESOURCE_KINDS
        for name in block.get(kind, {})
    }


def binding_errors(document: dict[str, Any], datasources: dict[str, Any]) -> list[str]:
    """Every binding problem, on rectangular and on round screens."""
    return [
        f"[{shape}] {error}"
        for shape in SHAPES
        for error in Checker(document, datasources, shape).run().errors
    ]


def rendered_send_events(
    document: dict[str, Any], datasources: dict[str, Any], shape: str = "rectangle"
) -> list[list]:
    checker = Checker(document, datasources, shape).run()
    assert checker.errors == [], checker.errors
    return checker.send_events


# -- shape ---------------------------------------------------------------------------------------
def shape_errors(document: dict[str, Any]) -> list[str]:
    """APL's document shape: type, version, imports, mainTemplate, known components/commands."""
    errors = []
    if document.get("type") != "APL":
        errors.append("type must be 'APL'")
    if document.get("version") != APL_VERSION:
        errors.append(f"version must be {APL_VERSION}")
    unknown = set(document) - DOCUMENT_KEYS
    if unknown:
        errors.append(f"unknown top-level keys {sorted(unknown)}")
    imports = {item.get("name"): item.get("version") for item in document.get("import", [])}
    if imports != IMPORTS:
        errors.append(f"imports must be {IMPORTS}, got {imports}")
    template = document.get("mainTemplate")
    if not isinstance(template, dict):
        return [*errors, "mainTemplate missing"]
    parameters = template.get("parameters")
    if not isinstance(parameters, list) or not all(isinstance(p, str) for p in parameters):
        errors.append("mainTemplate.parameters must be a list of names")
    if not isinstance(template.get("items"), list) or not template["items"]:
        errors.append("mainTemplate.items must be a non-empty list")
    components = PRIMITIVE_COMPONENTS | PACKAGE_COMPONENTS | set(document.get("layouts", {}))
    base = _resource_names(
        {"resources": [b for b in document.get("resources", []) if "when" not in b]}
    )
    for block in document.get("resources", []):
        extra = _resource_names({"resources": [block]}) - base
        if extra:  # a name only some viewports define is missing on all the others
            errors.append(f"resources {sorted(extra)} exist only under {block.get('when')}")
    _walk_shape(template.get("items", []), components, "mainTemplate.items", errors)
    return errors


def _walk_shape(node: Any, components: set[str], where: str, errors: list[str]) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _walk_shape(item, components, f"{where}[{index}]", errors)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind is None:
        errors.append(f"{where}: component without type")
    elif kind not in components:
        errors.append(f"{where}: unknown component type {kind!r}")
    for key in ("onMount", "handleTick"):
        for index, entry in enumerate(node.get(key, [])):
            commands = entry.get("commands", []) if key == "handleTick" else [entry]
            for command in commands:
                if command.get("type") not in COMMANDS:
                    errors.append(
                        f"{where}.{key}[{index}]: unknown command {command.get('type')!r}"
                    )
    for key in CHILD_KEYS:
        if key in node:
            _walk_shape(node[key], components, f"{where}.{key}", errors)
