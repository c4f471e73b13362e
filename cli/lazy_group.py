"""A command group that imports a command's module only when that command is used.

Importing every command module at start-up cost each run, even `show`, the
modules of all the others (and the parts of the library they load). Here the
group knows each command by name and where it is defined; the module is imported
when the command runs, completes or shows its help. `--help` of the whole program
imports them all, since it lists every command with its one-line help.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any, ClassVar

import typer
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo


def _defined_at(where: str) -> Any:
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


class LazyCommands(MutableMapping[str, Any]):
    """Commands by name, each built from its definition the first time it is asked for."""

    def __init__(self, definitions: dict[str, str], rich_markup_mode: Any) -> None:
        self._definitions = definitions
        self._markup = rich_markup_mode
        self._built: dict[str, Any] = {}

    def _build(self, name: str) -> Any:
        defined = _defined_at(self._definitions[name])
        if isinstance(defined, typer.Typer):
            return get_group_from_info(
                TyperInfo(defined, name=name),
                pretty_exceptions_short=True,
                rich_markup_mode=self._markup,
                suggest_commands=True,
            )
        return get_command_from_info(
            CommandInfo(name=name, callback=defined),
            pretty_exceptions_short=True,
            rich_markup_mode=self._markup,
        )

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._definitions:
                raise KeyError(name)
            self._built[name] = self._build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from self._definitions
        yield from (name for name in self._built if name not in self._definitions)

    def __len__(self) -> int:
        return len(set(self._definitions) | set(self._built))


class LazyGroup(TyperGroup):
    """A Typer group whose commands are named in COMMANDS as 'module:attribute' (a command
    function, or a Typer app for a group of subcommands), in the order help lists them."""

    COMMANDS: ClassVar[dict[str, str]] = {}

    def __init__(self, **attributes: Any) -> None:
        super().__init__(**attributes)
        lazy = LazyCommands(self.COMMANDS, self.rich_markup_mode)
        for name, command in self.commands.items():
            lazy[name] = command
        self.commands = lazy
