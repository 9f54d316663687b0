"""Structured Text inside project files: TwinCAT 3 XML, PLCopen TC6 XML, plain sources.

Each reader returns ``StDocument``s whose text is ST the parser accepts and
whose position map leads back to the exact bytes of the user's file, so a
diagnostic found in a synthesised ``END_METHOD`` or in an entity-escaped
PLCopen body is still shown where the user can act on it.
"""

from werk.tools.st.containers.dispatch import documents_for
from werk.tools.st.containers.errors import ContainerError
from werk.tools.st.containers.plcopen import extract_plcopen
from werk.tools.st.containers.twincat import extract_twincat

__all__ = ["ContainerError", "documents_for", "extract_plcopen", "extract_twincat"]
