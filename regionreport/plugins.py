"""Plug-in points as plain registries: section kinds, block converters, input formats.

In: a name for what is registered ("section kind", "reader") and, per plug-in, its key (a
name, a file suffix, a block type) with the function that serves it.
Out: ``PluginRegistry``, a dict filled by its ``register(key)`` decorator, which refuses a
key registered twice (a programming error, so ``ValueError``, not ``InputError``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Plugin = TypeVar("Plugin", bound=Callable)


class PluginRegistry(dict, Generic[Plugin]):
    """Key -> plug-in function, each key at most once."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def register(self, key: Hashable) -> Callable[[Plugin], Plugin]:
        """Decorator: register the function under ``key``."""
        def add(function: Plugin) -> Plugin:
            if key in self:
                name = getattr(key, "__name__", key)
                raise ValueError(f"{self.what} '{name}' is registered twice")
            self[key] = function
            return function
        return add
