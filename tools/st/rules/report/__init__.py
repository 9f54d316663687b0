"""Findings for people (text), programs (JSON), code scanning (SARIF) and CI logs (GitHub)."""
