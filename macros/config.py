"""The settings of mkdocs.yml the generator needs, read without MkDocs.

The generator (`python -m macros generate`) runs where MkDocs is not installed, so it reads the
file itself: plain YAML plus the two tags MkDocs adds, `!ENV` (a value from the environment, with
a default) and `!relative` (a path, which the generator never needs).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml


class _Loader(yaml.SafeLoader):
    """Safe loader that understands MkDocs' !ENV and !relative tags."""


def _env(loader: _Loader, node: yaml.Node):
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable that is set, else the default."""
    if isinstance(node, yaml.SequenceNode) and len(node.value) > 1:
        *names, default = node.value
        default = loader.construct_object(default)
    else:
        names, default = (node.value if isinstance(node, yaml.SequenceNode) else [node]), None
    for name in (loader.construct_scalar(n) for n in names):
        if name in os.environ:
            return os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None)


class ConfigError(Exception):
    """A setting of mkdocs.yml the generator cannot work with."""


@dataclass(frozen=True)
class SiteConfig:
    """What the generator takes from mkdocs.yml."""

    site_url: str  # canonical address, ending in '/' (empty when unset)
    repository: str  # extra.repository: the GitHub repository behind "Report an outdated step"
    docs_dir: Path
    markdown_extensions: list = field(default_factory=list)  # as mkdocs.yml lists them
    exclude_docs: tuple[str, ...] = ()  # folders of the docs directory that hold no pages (overrides/)
    site_name: str = ""
    site_description: str = ""
    content_security_policy: str = ""  # extra.content_security_policy: the <meta> of every page
    app: dict = field(default_factory=dict)  # extra.app: short_name and theme_color of the installed site
    plugins: tuple[str, ...] = ()  # names of the plugins mkdocs.yml lists (search: Material's search_index.json)
    file: Path | None = None  # mkdocs.yml itself

    def check(self) -> "SiteConfig":
        """Itself, once the settings the generated pages need are usable; else ConfigError."""
        if not self.site_url:
            raise ConfigError("site_url is empty: set it in mkdocs.yml or with BACKUP_HELP_SITE_URL; ticket links need it.")
        if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", self.repository):
            raise ConfigError("extra.repository in mkdocs.yml must be the GitHub repository (https://github.com/OWNER/NAME); "
                              "cause pages link to its issue form to report outdated steps.")
        if "script-src 'self'" not in self.content_security_policy:
            raise ConfigError("extra.content_security_policy in mkdocs.yml must be set and allow scripts only from the "
                              "site (script-src 'self'); every page carries it.")
        if not (str(self.app.get("short_name") or "") and re.fullmatch(r"#[0-9a-fA-F]{6}", str(self.app.get("theme_color") or ""))):
            raise ConfigError("extra.app in mkdocs.yml needs short_name and theme_color (#rrggbb): the installed site's "
                              "name and title bar colour (manifest.webmanifest).")
        return self

    @property
    def extensions(self) -> tuple[list[str], dict[str, dict]]:
        """The Markdown extensions as Python-Markdown takes them: names, and the settings of each."""
        names, settings = [], {}
        for item in self.markdown_extensions:
            name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            names.append(name)
            if options:
                settings[name] = options
        return names, settings


def load(config_file: str | Path) -> dict:
    """The whole of mkdocs.yml as data, its !ENV overrides applied."""
    with open(config_file, "rb") as file:
        return yaml.load(file, Loader=_Loader) or {}  # noqa: S506 (a safe loader with two more tags)


def read(config_file: str | Path) -> SiteConfig:
    """The settings the generator needs."""
    path = Path(config_file)
    data = load(path)
    url = str(data.get("site_url") or "")
    extra = data.get("extra") or {}
    plugins = data.get("plugins") or []
    return SiteConfig(
        site_url=url if not url or url.endswith("/") else url + "/",
        repository=str(extra.get("repository") or ""),
        docs_dir=(path.parent / str(data.get("docs_dir") or "docs")).resolve(),
        markdown_extensions=list(data.get("markdown_extensions") or []),
        exclude_docs=tuple(line.strip().lstrip("/") for line in str(data.get("exclude_docs") or "").splitlines()
                           if line.strip()),
        site_name=str(data.get("site_name") or ""),
        site_description=str(data.get("site_description") or ""),
        content_security_policy=" ".join(str(extra.get("content_security_policy") or "").split()),
        app=dict(extra.get("app") or {}),
        plugins=tuple(next(iter(p)) if isinstance(p, dict) else str(p) for p in plugins),
        file=path.resolve(),
    )
