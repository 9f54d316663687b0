"""Tags queries (tree-sitter ``.scm`` files) for the languages werk indexes.

A package so that the queries ship as package data and load with
``importlib.resources``, whether werk is installed or run from a checkout.
"""
