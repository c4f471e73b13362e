"""The Jinja environment the site's templates are rendered in (imported only to build a site)."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

# What `x.name` finds on a dict before its keys: its methods (get, items, ...).
_DICT_ATTRIBUTES = frozenset(dir(dict))


class SiteEnvironment(Environment):
    """Jinja's environment, with `x.name` on a plain dict looked up as Jinja does, only faster.

    Jinja tries the attribute first and, when that raises, the key: for the views' dicts,
    an exception raised and caught for nearly every value a page shows. A dict has no
    attributes but dict's own, so asking for the key straight away finds the same value.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def site_environment() -> SiteEnvironment:
    return SiteEnvironment(
        loader=PackageLoader("ingredients.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates are part of the program and do not change while it runs: without
        # this, every page (and every template it extends or imports) stats its file again.
        auto_reload=False,
    )
