"""Which approved template each notification kind goes out as, and with which parameters.

Mainland gateways refuse free text: a text is an approved template (Aliyun's TemplateCode,
Tencent's TemplateId) signed with an approved signature (签名) and filled with parameters.
The desk names them in a TOML file (--sms-templates), one table per kind:

    [assigned]                       # the moment: received, assigned, en_route, ...
    template = "SMS_465380002"
    params = { code = "ticket", name = "technician", eta = "eta" }   # Aliyun: ${code} ...
    # Tencent numbers its variables {1} {2} ...: params = ["ticket", "technician", "eta"]

    [assigned.en]                    # optional: for recipients who read English
    template = "SMS_465380012"
    params = { code = "ticket", name = "technician", eta = "eta" }

The values name facts (sms_facts.FACTS), stored with each text when it is queued
(Notification.template_params; texts queued before that are read back from their wording by
sms_facts.read_facts). A kind with no table is never sent as free text:
the start-up log names it, and each such notification fails with that reason."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.notifications import Moment, Notification
from .sms_facts import FACTS, read_facts


class TemplateError(ValueError):
    """The template file is wrong: said at start-up, before anything is sent."""


@dataclass(frozen=True)
class Template:
    code: str
    params: tuple[tuple[str, str], ...]  # (the template's variable, our fact), in order
    positional: bool  # Tencent: TemplateParamSet is the values in order


@dataclass(frozen=True)
class Filled:
    code: str
    named: dict[str, str]  # Aliyun's TemplateParam
    ordered: list[str]  # Tencent's TemplateParamSet


@dataclass(frozen=True)
class TemplateBook:
    templates: Mapping[tuple[Moment, str], Template] = field(default_factory=dict)

    def missing(self) -> list[Moment]:
        """The kinds that have no template in any language: they will not be texted."""
        have = {moment for moment, _ in self.templates}
        return [m for m in Moment if m not in have]

    def fill(self, n: Notification, desk: str = "", link: str = "") -> Filled | str:
        """The template and its values for one notification, or why it cannot be sent."""
        lang = "en" if n.language == "en" else "zh_CN"
        template = self.templates.get((n.moment, lang)) or self.templates.get((n.moment, "zh_CN"))
        if template is None:
            kind = n.moment.value
            return f"no approved SMS template for '{kind}' (add [{kind}] to the template file)"
        facts = facts_of(n, desk, link)
        if facts is None:
            return f"cannot read the template parameters from the text: {n.body[:80]!r}"
        named = {var: facts[fact] for var, fact in template.params}
        return Filled(template.code, named, list(named.values()))


def facts_of(n: Notification, desk: str = "", link: str = "") -> dict[str, str] | None:
    """The facts stored with the text when it was queued; read back from its wording only for
    a text queued before they were stored (migration 0016)."""
    if n.template_params is None:
        return read_facts(n, desk, link)
    facts = dict.fromkeys(FACTS, "")
    facts.update({k: str(v) for k, v in n.template_params.items() if k in facts})
    facts.update(desk=desk, link=link)
    return facts


def load(path: str | Path, positional: bool) -> TemplateBook:
    """Read and check the file: an unknown kind, an unknown fact or the wrong shape of params
    for the provider (a table for Aliyun, a list for Tencent) is refused here."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"SMS template file {path}: {exc}") from exc
    kinds = {m.value: m for m in Moment}
    out: dict[tuple[Moment, str], Template] = {}
    for kind, table in data.items():
        if kind not in kinds:
            raise TemplateError(
                f"SMS templates: unknown kind [{kind}]; kinds are {', '.join(kinds)}"
            )
        out[(kinds[kind], "zh_CN")] = _template(kind, table, positional)
        if isinstance(table.get("en"), dict):
            out[(kinds[kind], "en")] = _template(f"{kind}.en", table["en"], positional)
    return TemplateBook(out)


def _template(where: str, table: Any, positional: bool) -> Template:
    code, params = table.get("template"), table.get("params", [] if positional else {})
    if not isinstance(code, str) or not code.strip():
        raise TemplateError(f'SMS templates: [{where}] needs template = "<the approved code>"')
    if positional:
        if not isinstance(params, list):
            raise TemplateError(f"SMS templates: [{where}] params must be a list for Tencent")
        pairs = [(str(i + 1), str(f)) for i, f in enumerate(params)]
    else:
        if not isinstance(params, dict):
            raise TemplateError(f"SMS templates: [{where}] params must be a table for Aliyun")
        pairs = [(str(k), str(v)) for k, v in params.items()]
    unknown = [fact for _, fact in pairs if fact not in FACTS]
    if unknown:
        raise TemplateError(
            f"SMS templates: [{where}] names {unknown[0]!r}; the facts are {', '.join(FACTS)}"
        )
    return Template(code.strip(), tuple(pairs), positional)
