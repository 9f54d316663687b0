"""PLCopen XML (IEC 61131-10 / PLCopen TC6 XML 2.0 and 2.01) as ST documents.

Format: a ``<project>`` in the namespace ``http://www.plcopen.org/xml/tc6_0200``
or ``.../tc6_0201``, as exported by CODESYS, Beremiz and OpenPLC. Declarations
are XML (``<interface><inputVars><variable name="bStart"><type><BOOL/></type>``),
only bodies are ST text (CDATA or entity-escaped, inside an XHTML element).

werk synthesises the ST the XML stands for, one document per ``<pou>``, per
``<dataType>``, per ``<globalVars>`` block (outside POUs) and per
``<configuration>``::

    FUNCTION_BLOCK FB_X                       <pou name="FB_X" pouType="functionBlock">
    VAR_INPUT                                 <inputVars>
        bStart : BOOL := FALSE; (* start *)   <variable name="bStart">...
    END_VAR
    METHOD M : BOOL ... END_METHOD            CODESYS methods (<addData> ... <Method>)
    ACTION A: <body> END_ACTION               <actions><action name="A">
    <body>                                    <body><ST><xhtml>...
    END_FUNCTION_BLOCK

    TYPE E_State : (Idle, Running := 1);      <dataType name="E_State">
    END_TYPE

    {attribute 'qualified_only'}              <globalVars name="GVL_Io"> ... <addData>
    VAR_GLOBAL ... END_VAR                      <Attribute Name="qualified_only" Value=""/>

    CONFIGURATION Config0                     <configuration name="Config0">
        RESOURCE Res0 ON PLC                  <resource name="Res0">
            TASK MainTask (INTERVAL := T#20ms, PRIORITY := 0);
            PROGRAM inst0 WITH MainTask : MAIN;
        END_RESOURCE
    END_CONFIGURATION

Mapping back to the file: body text maps byte for byte (an entity such as
``&lt;`` maps as one decoded character onto the entity's span); names,
addresses, type names and values map onto the attribute value or element name
they come from (``bStart`` onto ``name="bStart"``'s value, ``BOOL`` onto
``<BOOL/>``'s name, ``VAR_INPUT`` onto ``inputVars``); keywords and
punctuation with no source of their own map to the start of the element that
implies them. Bodies in IL, FBD, LD or SFC are left out with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from werk.tools.st.containers._layout import LaidOutText
from werk.tools.st.containers._xml_spans import (
    Element,
    Segment,
    attribute_segments,
    joined,
    parse_xml,
    stripped,
    text_segments,
)
from werk.tools.st.containers.errors import ContainerError
from werk.tools.st.document import Dialect, Origin, StDocument
from werk.tools.text.lines import LineIndex

__all__ = ["PLCOPEN_NAMESPACES", "extract_plcopen"]

PLCOPEN_NAMESPACES = frozenset(
    {"http://www.plcopen.org/xml/tc6_0200", "http://www.plcopen.org/xml/tc6_0201"}
)

_POU_KEYWORDS = {
    "functionBlock": b"FUNCTION_BLOCK",
    "function": b"FUNCTION",
    "program": b"PROGRAM",
}
_VAR_SECTIONS = {
    "inputVars": b"VAR_INPUT",
    "outputVars": b"VAR_OUTPUT",
    "inOutVars": b"VAR_IN_OUT",
    "localVars": b"VAR",
    "tempVars": b"VAR_TEMP",
    "externalVars": b"VAR_EXTERNAL",
    "globalVars": b"VAR_GLOBAL",
}
_QUALIFIERS = (
    ("constant", b"CONSTANT"),
    ("retain", b"RETAIN"),
    ("nonretain", b"NON_RETAIN"),
    ("persistent", b"PERSISTENT"),
)
_BODY_LANGUAGES = ("ST", "IL", "FBD", "LD", "SFC")
CODESYS_ATTRIBUTES = "http://www.3s-software.com/plcopenxml/attributes"
"""The ``<data name=...>`` under which CODESYS exports an object's ``{attribute ...}``s."""
# What fits between the quotes of ``{attribute 'name' := 'value'}``.
_PRAGMA_SAFE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_PRAGMA_SAFE_VALUE = re.compile(r"[^'{}\r\n]*")
_INDENT = b"    "
# xsd:duration as some exporters write task intervals ("PT0.02S").
_ISO_DURATION = re.compile(
    rb"P(?:(?P<d>\d+(?:\.\d+)?)D)?"
    rb"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?"
)


def extract_plcopen(path: Path, data: bytes) -> list[StDocument]:
    """One ST document per POU, data type, global variable block and configuration."""
    root = parse_xml(path, data)
    try:
        return _documents(path, data, root)
    except RecursionError as exc:  # types nest as deep as the file says
        raise ContainerError(f"{path}: types or values are nested too deeply to read") from exc


def _documents(path: Path, data: bytes, root: Element) -> list[StDocument]:
    if root.name != "project" or root.namespace not in PLCOPEN_NAMESPACES:
        where = LineIndex(data).position(root.start)
        raise ContainerError(
            f"{path}:{where}: the root element is not a PLCopen TC6 <project>",
            hint="werk reads PLCopen XML 2.0/2.01 (namespace http://www.plcopen.org/xml/tc6_0201)",
        )
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    project = _Project(path, data, _dialect(root), newline, LineIndex(data))
    documents: list[StDocument] = []
    types = root.child("types")
    if types is not None:
        for group in types.children_named("dataTypes"):
            documents += [project.data_type(item) for item in group.children_named("dataType")]
        for group in types.children_named("pous"):
            documents += [project.pou(pou) for pou in group.children_named("pou")]
    documents += [project.global_variables(block) for block in _global_variable_blocks(root)]
    for instances in root.children_named("instances"):
        for group in instances.children_named("configurations"):
            documents += [
                project.configuration(item) for item in group.children_named("configuration")
            ]
    return documents


def _dialect(root: Element) -> Dialect:
    """CODESYS and TwinCAT exports use their own ST dialect in bodies; others are plain IEC."""
    header = root.child("fileHeader")
    vendor = "" if header is None else " ".join(header.attributes.values()).lower()
    if "beckhoff" in vendor or "twincat" in vendor:
        return Dialect.TWINCAT
    if "codesys" in vendor or "3s-smart" in vendor or "3s-software" in vendor:
        return Dialect.CODESYS
    return Dialect.IEC


def _global_variable_blocks(root: Element) -> list[Element]:
    """``<globalVars>`` of configurations, resources and CODESYS GVLs (in ``<addData>``).

    A POU's own interface may hold ``globalVars`` too; those stay in the POU.
    Empty blocks (``<globalVars/>``) declare nothing and get no document.
    """
    blocks = []
    pending = [root]
    while pending:
        element = pending.pop()
        if element.name == "globalVars":
            if element.child("variable") is not None:
                blocks.append(element)
        elif element.name not in ("pou", "dataType"):
            pending.extend(reversed(element.children))
    return blocks


def _codesys_attribute_elements(element: Element) -> list[Element]:
    """The ``<Attribute Name=... Value=...>`` elements of ``element``'s CODESYS addData."""
    found = []
    for extension in element.children_named("addData"):
        for data in extension.children_named("data"):
            if data.attributes.get("name") == CODESYS_ATTRIBUTES:
                for attributes in data.children_named("Attributes"):
                    found += attributes.children_named("Attribute")
    return found


@dataclass
class _Project:
    """What every document of one file shares."""

    path: Path
    data: bytes
    dialect: Dialect
    newline: bytes
    lines: LineIndex

    def pou(self, pou: Element) -> StDocument:
        writer = self._writer()
        name = pou.attributes.get("name", "")
        label = name or writer.where(pou)
        kind = pou.attributes.get("pouType", "")
        keyword = _POU_KEYWORDS.get(kind)
        if keyword is None:
            writer.notes.append(f"{label}: unknown pouType {kind!r}, read as a function block")
            keyword = b"FUNCTION_BLOCK"
        writer.header(pou, keyword, "pouType")
        interface = pou.child("interface")
        if keyword == b"FUNCTION":
            writer.text.insert(b" : ", pou.start)
            writer.type_of(None if interface is None else interface.child("returnType"), label)
        writer.text.line(pou.start)
        writer.interface(interface, label)
        for extension in pou.children_named("addData"):
            for data in extension.children_named("data"):
                for method in data.children_named("Method"):
                    writer.method(method, label)
        for actions in pou.children_named("actions"):
            for action in actions.children_named("action"):
                writer.action(action, label)
        anchor = writer.body(writer.body_segments(pou, label)) or pou.content_end
        writer.text.insert(b"END_" + keyword, anchor)
        writer.text.line(anchor)
        return writer.document(self, name)

    def data_type(self, data_type: Element) -> StDocument:
        writer = self._writer()
        name = data_type.attributes.get("name", "")
        writer.header(data_type, b"TYPE", None)
        writer.text.insert(b" : ", data_type.start)
        writer.type_of(data_type.child("baseType"), name or writer.where(data_type))
        initial = data_type.child("initialValue")
        if initial is not None:
            writer.text.insert(b" := ", initial.start)
            writer.value(initial)
        writer.text.insert(b";", data_type.content_end)
        writer.text.line(data_type.content_end)
        writer.text.insert(b"END_TYPE", data_type.content_end)
        writer.text.line(data_type.content_end)
        return writer.document(self, name)

    def global_variables(self, block: Element) -> StDocument:
        writer = self._writer()
        name = block.attributes.get("name")
        writer.codesys_attributes(block, name or writer.where(block))
        writer.variable_block(block, b"VAR_GLOBAL", b"", name or writer.where(block))
        return writer.document(self, name)

    def configuration(self, configuration: Element) -> StDocument:
        writer = self._writer()
        name = configuration.attributes.get("name", "")
        writer.header(configuration, b"CONFIGURATION", None)
        writer.text.line(configuration.start)
        for resource in configuration.children_named("resource"):
            writer.resource(resource)
        writer.text.insert(b"END_CONFIGURATION", configuration.content_end)
        writer.text.line(configuration.content_end)
        return writer.document(self, name)

    def _writer(self) -> _Writer:
        return _Writer(self.data, self.lines, LaidOutText(self.newline))


@dataclass
class _Writer:
    """Writes the ST for PLCopen elements into one laid-out text."""

    data: bytes
    lines: LineIndex
    text: LaidOutText
    notes: list[str] = field(default_factory=list)

    def where(self, element: Element) -> str:
        """Names an element that has no name of its own, for notes."""
        return f"<{element.name}> on line {self.lines.position(element.start).line + 1}"

    def document(self, project: _Project, name: str | None) -> StDocument:
        source, to_file = self.text.build()
        return StDocument(
            project.path,
            source,
            to_file,
            project.dialect,
            Origin.PLCOPEN,
            container_name=name or None,
            notes=self.notes,
        )

    def attribute(self, element: Element, name: str) -> bool:
        """Copy attribute ``name``'s value; ``False`` when it is absent or empty."""
        segments = attribute_segments(self.data, element, name)
        if not segments:
            return False
        self.text.copy(segments)
        return True

    def header(self, element: Element, keyword: bytes, keyword_attribute: str | None) -> None:
        """``KEYWORD name``, the keyword standing for ``keyword_attribute`` if given."""
        span = element.attribute_spans.get(keyword_attribute or "")
        if span is not None:
            self.text.stand_for(keyword, *span)
        else:
            self.text.insert(keyword, element.start)
        self.text.insert(b" ", element.start)
        if not self.attribute(element, "name"):
            self.notes.append(f"{self.where(element)}: no name attribute")

    def codesys_attributes(self, element: Element, label: str) -> None:
        """``{attribute 'name' := 'value'}`` lines for the attributes CODESYS exports in
        ``<addData>`` (``{attribute 'qualified_only'}`` on a GVL), each mapped onto its
        ``<Attribute>`` element; the pragma goes above the declaration it belongs to."""
        for attribute in _codesys_attribute_elements(element):
            name = attribute.attributes.get("Name", "")
            value = attribute.attributes.get("Value", "")
            if not _PRAGMA_SAFE.fullmatch(name) or not _PRAGMA_SAFE_VALUE.fullmatch(value):
                self.notes.append(f"{label}: attribute {name!r} cannot be written as a pragma")
                continue
            self.text.insert(b"{attribute '", attribute.start)
            self.attribute(attribute, "Name")
            if value:
                self.text.insert(b"' := '", attribute.start)
                self.attribute(attribute, "Value")
            self.text.insert(b"'}", attribute.start)
            self.text.line(attribute.start)

    def interface(self, interface: Element | None, label: str, indent: bytes = b"") -> None:
        if interface is None:
            return
        for block in interface.children:
            keyword = _VAR_SECTIONS.get(block.name)
            if keyword is not None:
                self.variable_block(block, keyword, indent, label)
            elif block.name == "accessVars" and block.children:
                self.notes.append(f"{label}: VAR_ACCESS (accessVars) is not supported: skipped")

    def variable_block(self, block: Element, keyword: bytes, indent: bytes, label: str) -> None:
        variables = block.children_named("variable")
        if not variables:
            return
        self.text.insert(indent, block.start)
        self.text.stand_for(keyword, *block.name_span)
        for attribute, qualifier in _QUALIFIERS:
            span = block.attribute_spans.get(attribute)
            if span is not None and block.attributes.get(attribute) in ("true", "1"):
                self.text.insert(b" ", span[0])
                self.text.stand_for(qualifier, *span)
        self.text.line(block.start)
        for variable in variables:
            self.variable(variable, indent + _INDENT, label)
        self.text.insert(indent + b"END_VAR", block.content_end)
        self.text.line(block.content_end)

    def variable(self, variable: Element, indent: bytes, label: str) -> None:
        """``name [AT address] : type [:= value]; [(* documentation *)]`` on one line."""
        self.text.insert(indent, variable.start)
        if not self.attribute(variable, "name"):
            self.notes.append(f"{label}: {self.where(variable)} has no name attribute")
        address = variable.attribute_spans.get("address")
        if address is not None:
            self.text.insert(b" AT ", address[0])
            self.attribute(variable, "address")
        kind = variable.child("type")
        self.text.insert(b" : ", variable.start if kind is None else kind.start)
        self.type_of(kind, label, indent)
        initial = variable.child("initialValue")
        if initial is not None:
            self.text.insert(b" := ", initial.start)
            self.value(initial)
        self.text.insert(b";", variable.content_end)
        self.comment(variable.child("documentation"))
        self.text.line(variable.content_end)

    def type_of(self, holder: Element | None, label: str, indent: bytes = b"") -> None:
        """The type inside ``<type>``, ``<baseType>`` or ``<returnType>``."""
        kind = None if holder is None else holder.first_child()
        if kind is None:
            self.notes.append(f"{label}: a type is missing")
            return
        self.type_element(kind, label, indent)

    def type_element(self, kind: Element, label: str, indent: bytes) -> None:
        name = kind.name
        if name == "derived":
            self.attribute(kind, "name")
        elif name in ("string", "wstring"):
            self.text.stand_for(name.upper().encode(), *kind.name_span)
            if "length" in kind.attribute_spans:
                self.text.insert(b"(", kind.start)
                self.attribute(kind, "length")
                self.text.insert(b")", kind.start)
        elif name == "array":
            self.text.insert(b"ARRAY[", kind.start)
            for index, dimension in enumerate(kind.children_named("dimension")):
                self.text.insert(b", " if index else b"", dimension.start)
                self.bounds(dimension)
            self.text.insert(b"] OF ", kind.start)
            self.type_of(kind.child("baseType"), label, indent)
        elif name == "pointer":
            self.text.insert(b"POINTER TO ", kind.start)
            self.type_of(kind.child("baseType"), label, indent)
        elif name == "enum":
            self.enumeration(kind)
        elif name == "struct":
            self.text.insert(b"STRUCT", kind.start)
            self.text.line(kind.start)
            for variable in kind.children_named("variable"):
                self.variable(variable, indent + _INDENT, label)
            self.text.insert(indent + b"END_STRUCT", kind.content_end)
        elif name in ("subrangeSigned", "subrangeUnsigned"):
            self.type_of(kind.child("baseType"), label, indent)
            bounds = kind.child("range")
            if bounds is not None:
                self.text.insert(b"(", bounds.start)
                self.bounds(bounds)
                self.text.insert(b")", bounds.start)
        else:
            # Elementary types are elements named as the ST keyword: <BOOL/>, <TIME/>...
            self.text.stand_for(name.encode(), *kind.name_span)

    def bounds(self, element: Element) -> None:
        self.attribute(element, "lower")
        self.text.insert(b"..", element.start)
        self.attribute(element, "upper")

    def enumeration(self, kind: Element) -> None:
        # An enum's <baseType> (CODESYS "(...) INT") has no form the ST grammar
        # accepts, so it is left out; the values keep their numbers.
        self.text.insert(b"(", kind.start)
        values = kind.child("values")
        for index, value in enumerate([] if values is None else values.children_named("value")):
            self.text.insert(b", " if index else b"", value.start)
            self.attribute(value, "name")
            if "value" in value.attribute_spans:
                self.text.insert(b" := ", value.start)
                self.attribute(value, "value")
        self.text.insert(b")", kind.content_end)

    def value(self, holder: Element) -> None:
        """An ``<initialValue>`` or array/struct element ``<value>``, as an ST literal."""
        literal = holder.child("simpleValue", "arrayValue", "structValue")
        if literal is None:
            return
        if literal.name == "simpleValue":
            self.attribute(literal, "value")
            return
        array = literal.name == "arrayValue"
        self.text.insert(b"[" if array else b"(", literal.start)
        for index, element in enumerate(literal.children_named("value")):
            self.text.insert(b", " if index else b"", element.start)
            if array and "repetitionValue" in element.attribute_spans:
                self.attribute(element, "repetitionValue")
                self.text.insert(b"(", element.start)
                self.value(element)
                self.text.insert(b")", element.start)
                continue
            if not array:
                self.attribute(element, "member")
                self.text.insert(b" := ", element.start)
            self.value(element)
        self.text.insert(b"]" if array else b")", literal.content_end)

    def comment(self, documentation: Element | None) -> None:
        """Documentation as an ST comment after the declaration it describes."""
        if documentation is None:
            return
        segments = stripped(text_segments(self.data, documentation))
        if not segments:
            return
        self.text.insert(b" (* ", segments[0].start)
        text = joined(segments)
        if b"(*" in text or b"*)" in text:
            # A comment cannot contain its own delimiters; break them apart.
            safe = text.replace(b"(*", b"( *").replace(b"*)", b"* )")
            self.text.stand_for(safe, segments[0].start, segments[-1].end)
        else:
            self.text.copy(segments)
        self.text.insert(b" *)", segments[-1].end)

    def method(self, method: Element, label: str) -> None:
        """A CODESYS method, exported as ``<Method>`` with an interface and a body."""
        self.text.line(method.start)
        self.header(method, b"METHOD", None)
        interface = method.child("interface")
        returns = None if interface is None else interface.child("returnType")
        name = f"{label}.{method.attributes.get('name', '?')}"
        if returns is not None:
            self.text.insert(b" : ", returns.start)
            self.type_of(returns, name)
        self.text.line(method.start)
        self.interface(interface, name)
        anchor = self.body(self.body_segments(method, name)) or method.content_end
        self.text.insert(b"END_METHOD", anchor)
        self.text.line(anchor)

    def action(self, action: Element, label: str) -> None:
        name = f"{label}.{action.attributes.get('name', '?')}"
        segments = self.body_segments(action, name)
        if segments is None:
            return
        self.text.line(action.start)
        self.header(action, b"ACTION", None)
        self.text.insert(b":", action.start)
        anchor = self.body(segments) or action.content_end
        self.text.insert(b"END_ACTION", anchor)
        self.text.line(anchor)

    def body(self, segments: list[Segment] | None) -> int | None:
        """Copy an ST body on lines of its own; the offset where it ends in the file."""
        if not segments:
            return None
        self.text.line(segments[0].start)
        self.text.copy(segments)
        self.text.line(segments[-1].end)
        return segments[-1].end

    def body_segments(self, owner: Element, label: str) -> list[Segment] | None:
        """The ST text of ``owner``'s body; ``None`` (noted) when in another language."""
        body = owner.child("body")
        language = None if body is None else body.child(*_BODY_LANGUAGES)
        if language is None:
            return []
        if language.name != "ST":
            self.notes.append(f"{label}: body is in {language.name}, not ST: skipped")
            return None
        # The ST sits in an XHTML element (<xhtml:p>, <xhtml>); older files put it directly.
        content = language.first_child()
        return text_segments(self.data, language if content is None else content)

    def resource(self, resource: Element) -> None:
        self.text.insert(_INDENT, resource.start)
        self.header(resource, b"RESOURCE", None)
        self.text.insert(b" ON PLC", resource.start)
        self.text.line(resource.start)
        tasks = resource.children_named("task")
        for task in tasks:
            self.task(task)
        for task in tasks:
            task_name = joined(attribute_segments(self.data, task, "name") or [])
            for instance in task.children_named("pouInstance"):
                self.program(instance, task_name)
        for instance in resource.children_named("pouInstance"):
            self.program(instance, None)
        self.text.insert(_INDENT + b"END_RESOURCE", resource.content_end)
        self.text.line(resource.content_end)

    def task(self, task: Element) -> None:
        self.text.insert(_INDENT * 2, task.start)
        self.header(task, b"TASK", None)
        self.text.insert(b" (", task.start)
        written = 0
        for attribute, parameter in (
            ("single", b"SINGLE"),
            ("interval", b"INTERVAL"),
            ("priority", b"PRIORITY"),
        ):
            segments = attribute_segments(self.data, task, attribute)
            if not segments:
                continue
            self.text.insert((b", " if written else b"") + parameter + b" := ", task.start)
            if attribute == "interval":
                self.interval(segments)
            else:
                self.text.copy(segments)
            written += 1
        self.text.insert(b");", task.start)
        self.text.line(task.start)

    def interval(self, segments: list[Segment]) -> None:
        """A task interval as an ST duration (``T#20ms``), whichever way it was written."""
        literal = joined(segments)
        converted = _iso_duration_to_st(literal)
        if converted is None:
            self.text.copy(segments)
        else:
            self.text.stand_for(converted, segments[0].start, segments[-1].end)

    def program(self, instance: Element, task_name: bytes | None) -> None:
        self.text.insert(_INDENT * 2, instance.start)
        self.header(instance, b"PROGRAM", None)
        if task_name is not None:
            # The task is named again here; diagnostics on it belong to this instance.
            self.text.insert(b" WITH " + task_name, instance.start)
        self.text.insert(b" : ", instance.start)
        self.attribute(instance, "typeName")
        self.text.insert(b";", instance.start)
        self.text.line(instance.start)


def _iso_duration_to_st(literal: bytes) -> bytes | None:
    """``PT0.02S`` → ``T#20ms``; ``None`` for anything that is not an xsd:duration."""
    match = _ISO_DURATION.fullmatch(literal.strip())
    if match is None or not any(match.groupdict().values()):
        return None
    try:
        parts = {
            unit: Decimal(value.decode()) for unit, value in match.groupdict().items() if value
        }
    except InvalidOperation:
        return None
    text = ""
    for unit in ("d", "h", "m"):
        if unit in parts:
            text += f"{parts[unit].normalize():f}{unit}"
    seconds = parts.get("s", Decimal(0))
    whole = int(seconds)
    milliseconds = (seconds - whole) * 1000
    if whole:
        text += f"{whole}s"
    if milliseconds:
        text += f"{milliseconds.normalize():f}ms"
    return b"T#" + (text or "0s").encode()
