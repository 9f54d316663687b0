"""The semantic model of Structured Text: declarations, name resolution,
read/write uses, expression types, call graph and FB instance trees.
"""

from werk.tools.st.model.analysis import PouAnalysis
from werk.tools.st.model.calls import Instance, call_graph, callers, instance_tree, programs
from werk.tools.st.model.project import Project, standard_library
from werk.tools.st.model.symbols import (
    Configuration,
    EnumMember,
    GlobalList,
    Location,
    Pou,
    PouKind,
    ProgramInstance,
    Section,
    Task,
    TypeDecl,
    TypeKind,
    Variable,
)
from werk.tools.st.model.uses import Conversion, Symbol, Use, UseKind

__all__ = [
    "Configuration",
    "Conversion",
    "EnumMember",
    "GlobalList",
    "Instance",
    "Location",
    "Pou",
    "PouAnalysis",
    "PouKind",
    "ProgramInstance",
    "Project",
    "Section",
    "Symbol",
    "Task",
    "TypeDecl",
    "TypeKind",
    "Use",
    "UseKind",
    "Variable",
    "call_graph",
    "callers",
    "instance_tree",
    "programs",
    "standard_library",
]
