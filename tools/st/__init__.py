"""Structured Text: where it lives (plain files, TwinCAT XML, PLCopen XML),
dialect lowering to standard ST, parsing with tree-sitter, and the semantic
model every other part of werk reads.
"""
