"""Layered, validated configuration (see ``sources`` for the precedence)."""

from werk.agent.config.loader import LoadedConfig, load_config
from werk.agent.config.schema import AuditConfig, SovereigntyConfig, WerkConfig

__all__ = ["AuditConfig", "LoadedConfig", "SovereigntyConfig", "WerkConfig", "load_config"]
