"""The LSP ``SymbolKind`` of each Structured Text declaration.

Editors pick icons and filters by kind, so the choice follows what an
engineer reads the declaration as: a PROGRAM is a module, a FUNCTION_BLOCK a
class with methods and properties, a constant a constant.
"""

from __future__ import annotations

from lsprotocol import types

from werk.tools.st.model.symbols import Pou, PouKind, TypeDecl, TypeKind, Variable

POU_KINDS = {
    PouKind.PROGRAM: types.SymbolKind.Module,
    PouKind.FUNCTION_BLOCK: types.SymbolKind.Class,
    PouKind.FUNCTION: types.SymbolKind.Function,
    PouKind.INTERFACE: types.SymbolKind.Interface,
    PouKind.METHOD: types.SymbolKind.Method,
    PouKind.PROPERTY: types.SymbolKind.Property,
    PouKind.ACTION: types.SymbolKind.Method,
}
TYPE_KINDS = {
    TypeKind.STRUCT: types.SymbolKind.Struct,
    TypeKind.UNION: types.SymbolKind.Struct,
    TypeKind.ENUM: types.SymbolKind.Enum,
}


def pou_kind(pou: Pou) -> types.SymbolKind:
    return POU_KINDS.get(pou.kind, types.SymbolKind.Function)


def type_kind(decl: TypeDecl) -> types.SymbolKind:
    """Structs and enumerations as such; aliases, subranges and arrays as type names."""
    return TYPE_KINDS.get(decl.kind, types.SymbolKind.TypeParameter)


def variable_kind(variable: Variable) -> types.SymbolKind:
    if isinstance(variable.owner, TypeDecl):
        return types.SymbolKind.Field
    if variable.is_constant:
        return types.SymbolKind.Constant
    return types.SymbolKind.Variable
