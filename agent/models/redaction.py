"""Redact secrets from everything werk sends to a model endpoint.

Prompts carry source files, logs, shell output and tool results. A PLC project
easily contains things that must never leave the plant: an HMI password in a
``:=`` initialiser, a connection string to the historian database, a private
key for the OPC UA server, or the API key the developer exported in the shell
that started werk. Some endpoints are run by third parties and may log what they
receive, so secrets are replaced *before* a prompt leaves the process.

Redaction keeps prompts readable: only the secret itself is replaced, by a
placeholder such as ``[REDACTED:api-key]``, while key names, quotes and the code
around it stay, so the model can still understand and edit the code.

The detector is conservative about *code*. ``password := sInput;`` or
``token = request.headers["x"]`` assign a variable, not a secret, and are left
alone: only literals assigned to secret-looking names are redacted. Values known
to be secret (see :meth:`SecretRedactor.from_environment`) are redacted wherever
they occur, whatever they look like.

Known limits, accepted so that ordinary code survives: an unquoted value without
digits (``password: hunter``) reads like a variable name and is kept; unquoted
values containing spaces or ``,``/``;`` are only caught in connection strings;
high-entropy strings without a known shape (e.g. AWS secret access keys) are only
caught next to a secret-looking name or as known secrets.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Redaction", "SecretRedactor"]


@dataclass(frozen=True)
class Redaction:
    """A secret found in a text: its kind and its span in the *original* text."""

    kind: str
    start: int
    end: int


# --- Telling secret names and literal values from code ------------------------------------

# Names whose last word says "secret". Matched against the name in snake_case (camelCase,
# dots and dashes are converted first), so `sPassword`, `apiKey`, `db.password` and
# `X-Api-Key` match while `bPasswordOk`, `nKeyCount` and `token_type` do not.
_SECRET_NAME = re.compile(
    r"(?:^|_)(?:password|passwd|passphrase|passcode|pass|pw|secret|token|credentials?"
    r"|api_?key|access_?key|secret_?key|private_?key|auth_?key|signing_?key)$"
)
# UPPER_CASE names are environment variables or constants, where `..._KEY` means a key.
# (In code, `sort_key` or `primary_key` usually do not.)
_SECRET_CONSTANT_NAME = re.compile(r"(?:^|_)key$")
# Environment variable names containing one of these words anywhere, e.g. SECRET_KEY_BASE.
_SECRET_ENV_WORD = re.compile(r"(?:^|_)(?:api_?key|secret|password|passwd)(?:_|$)")
_PASSWORD_NAME = re.compile(r"(?:^|_)(?:password|passwd|passphrase|passcode|pass|pw)$")

# Values people write where the real secret would go.
_PLACEHOLDER_WORDS = frozenset(
    {
        "changeme", "change_me", "change-me", "changeit", "password", "secret", "token",
        "example", "dummy", "redacted", "todo", "fixme", "replace_me", "none", "null",
        "nil", "true", "false", "undefined", "empty", "placeholder", "value", "foobar",
        "pass", "pwd", "passwd",
    }
)  # fmt: skip

# An unquoted name or dotted name without digits reads as a variable: `sInput`, `user_pw`,
# `os.environ`, `TRUE`. (A password such as `hunter2` has a digit.)
_REFERENCE = re.compile(r"[A-Za-z_][A-Za-z_.]*")
_ENV_VAR_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_LOWER_WORDS = re.compile(r"[a-z]+(?:-[a-z]+)*\.?")
_DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.\w+)+")
_CALL_OR_INDEX = re.compile(r"(?:[A-Za-z_$][\w.$]*)?\s*[(\[]")  # also `(a, b)`, `[x]`
_SMALL_NUMBER = re.compile(r"-?\d{1,7}(?:\.\d+)?")
# camelCase, PascalCase or ACRONYMCase words: how names look, unlike random letters.
_WORDY = re.compile(r"[a-z]*(?:[A-Z]+[a-z]{2,})*(?:[A-Z]+[a-z]?)?")
_CAMEL_OR_SNAKE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[-.]")


def _snake(name: str) -> str:
    return _CAMEL_OR_SNAKE.sub("_", name).lower()


def _is_secret_name(name: str) -> bool:
    """True for names such as `DB_PASSWORD`, `sToken`, `apiKey`, `client-secret`."""
    snake = _snake(name)
    if _SECRET_NAME.search(snake):
        return True
    return name.isupper() and bool(_SECRET_CONSTANT_NAME.search(snake))


def _is_secret_env_name(name: str) -> bool:
    """Environment variable names whose values are secrets (OPENAI_API_KEY, HF_TOKEN, ...)."""
    return _is_secret_name(name.upper()) or bool(_SECRET_ENV_WORD.search(_snake(name.upper())))


def _is_placeholder(value: str) -> bool:
    """What documentation and templates put where a secret would go.

    `changeme`, `<your-key>`, `[PAD]`, `${VAR}`, `$VAR`, `%(pw)s`, `{{ vault }}`, `xxx`,
    `sk-...`, `hf_***`, `my-secret`.
    """
    v = value.strip()
    low = v.lower()
    return (
        not v
        or low in _PLACEHOLDER_WORDS
        or low.startswith(("your", "my-", "my_", "$", "%"))
        or (v[0], v[-1]) in (("<", ">"), ("[", "]"))
        or any(mark in v for mark in ("{", "...", "…", "***"))
        or len(set(v)) == 1
    )


def _is_code(value: str) -> bool:
    """An unquoted value that is an expression or a variable rather than a literal secret."""
    return bool(
        _REFERENCE.fullmatch(value)
        or _DOTTED_NAME.fullmatch(value)
        or _CALL_OR_INDEX.match(value)
        or _SMALL_NUMBER.fullmatch(value)
    )


def _looks_random(token: str) -> bool:
    """Generated tokens mix letters with digits, or case in no word-like order.

    Rejects names that merely share a prefix, e.g. `sk-learn-style-name` or
    `hf_MotorSpeedSetpointFilter` in a PLC program.
    """
    if any(c.isdigit() for c in token) and any(c.isalpha() for c in token):
        return True
    return not all(_WORDY.fullmatch(part) for part in re.split(r"[^A-Za-z0-9]", token))


# --- The patterns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """One detector. The secret is the `secret*` group that matched, else the whole match.

    `check` may veto a match (return None) or choose its kind; without it every
    match counts as `kind`.
    """

    name: str
    kind: str
    regex: re.Pattern[str]
    check: Callable[[re.Match[str]], str | None] | None = None

    def scan(self, text: str) -> Iterator[tuple[str, int, int]]:
        # Restart one character after each match (not after its end), so a match that is
        # vetoed, or that swallows the start of another, never hides the next one.
        pos = 0
        while (m := self.regex.search(text, pos)) is not None:
            pos = m.start() + 1
            kind = self.check(m) if self.check else self.kind
            if kind is None:
                continue
            start, end = _secret_span(m)
            if start < end:
                yield kind, start, end


def _secret_span(m: re.Match[str]) -> tuple[int, int]:
    for group in m.re.groupindex:
        if group.startswith("secret") and m.group(group) is not None:
            return m.span(group)
    return m.span()


def _only_if_random(kind: str) -> Callable[[re.Match[str]], str | None]:
    return lambda m: kind if _looks_random(m[0]) else None


def _authorization_kind(m: re.Match[str]) -> str | None:
    credential = m["secret"]
    if _is_placeholder(credential) or _LOWER_WORDS.fullmatch(credential):
        return None  # prose or docs: "Authorization: Bearer tokens", "authorization: basic ..."
    return "basic-auth" if m["scheme"].lower() == "basic" else "bearer-token"


def _bearer_kind(m: re.Match[str]) -> str | None:
    credential = m["secret"]
    return "bearer-token" if _looks_random(credential) and not _is_placeholder(credential) else None


def _url_password_kind(m: re.Match[str]) -> str | None:
    return None if _is_placeholder(m["secret"]) else "password"


def _connection_string_kind(m: re.Match[str]) -> str | None:
    """`Password=...;` in a connection string, but not `password = get_password();` in C."""
    value = m["secret"].strip()
    if _is_placeholder(value) or _CALL_OR_INDEX.match(value):
        return None
    spaced = m["sep"] != "="  # connection strings are written `Pwd=x;`, C code `pwd = x;`
    if spaced and _is_code(value):
        return None
    return "connection-string-password"


_TIGHT_END = re.compile(r"[\s,;)\]}]|\Z")
_VALUE_END = re.compile(r"[ \t]*:?[ \t]*(?:[,;)\]}#]|//|\(\*|\r?\n|\Z)")


def _secret_kind(name: str) -> str | None:
    """The kind of secret a name holds (`password` or `env-assignment`), or None."""
    if not _is_secret_name(name):
        return None
    return "password" if _PASSWORD_NAME.search(_snake(name)) else "env-assignment"


def _literal_kind(name: str, literal: str) -> str | None:
    """The kind of secret in a string literal stored under `name`, or None if it is none."""
    kind = _secret_kind(name)
    if (
        kind is None
        or len(literal) < 3
        or _is_placeholder(literal)
        or literal != literal.strip()  # `"token": " la"` in a log-probability listing
        or _ENV_VAR_NAME.fullmatch(literal)  # `{"api_key": "OPENAI_API_KEY"}` names a variable
        or _snake(name).endswith(_snake(literal))  # `X_API_KEY = "x-api-key"` names a header
    ):
        return None
    if not _SECRET_NAME.search(_snake(name)) and not _looks_random(literal):
        return None  # `METADATA_KEY = "pydantic-metadata"`: a dictionary key, not a key
    return kind


def _assignment_kind(m: re.Match[str]) -> str | None:
    """Accept a literal assigned to a secret-looking name; reject expressions and variables."""
    name = m["key"]
    quoted = m["secret_dq"] if m["secret_dq"] is not None else m["secret_sq"]
    if quoted is not None:
        if "r" in m["prefix"].lower():
            return None  # a raw string is a regular expression: `token = r"[a-z]+"`
        return _literal_kind(name, quoted)
    value = m["secret"]
    if ":=" in m["sep"] or _is_placeholder(value):
        return None  # ST and Go assign expressions with `:=`; a secret there is a literal
    # `KEY=value` and `--password=value` end at a blank; after `key: value` or
    # `key = value` more words mean prose or an expression (`password: see manual`).
    end = _TIGHT_END if m["sep"] == "=" else _VALUE_END
    if not end.match(m.string, m.end("secret")):
        return None
    line_start = m.string.rfind("\n", 0, m.start("key")) + 1
    env_line = (
        name.isupper()
        and m["sep"] == "="
        and m.string[line_start : m.start("key")].strip() in ("", "export")
    )
    # In a .env file or shell script (`API_KEY=abc`) anything but a call is a value.
    if _CALL_OR_INDEX.match(value) if env_line else _is_code(value):
        return None
    return _secret_kind(name)


def _define_kind(m: re.Match[str]) -> str | None:
    return _literal_kind(m["key"], m["secret"])


# Stands in for placeholders while scanning: a word character (so `\b` does not start or
# end a token at a placeholder) that every value pattern excludes (as `\u01c2`).
_MASK = "\u01c2"

_DQ = r'"(?P<secret_dq>(?:[^"\\\n]|\\.)*)"'
_SQ = r"'(?P<secret_sq>(?:[^'\\\n]|\\.|\$')*)'"  # `$'` is the quote escape in ST
_BARE = r"(?P<secret>[^\s'\"`,;)\]}\u01c2]*[^\s'\"`,;)\]}\u01c2:])"  # not `if x == y:`
_TYPE = r"(?::[ \t]*[A-Za-z_][\w.]*(?:[\[(][^\])\n]*[\])])?[ \t]*)?"  # `: STRING(20)`, `: str`
_CONN_VALUE = r"(?P<secret>[^;\"'\r\n\u01c2]*[^;\"'\s\u01c2])"  # up to `;`, may hold blanks
_CREDENTIAL_END = r"(?=[\s\"'`,;)\]}]|\Z)"  # not `Bearer hf_***`
_PEM = r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"

_RULES: tuple[_Rule, ...] = (
    _Rule(
        "pem-private-key",
        "private-key",
        # A block cut off by truncation is redacted to the end of the text.
        re.compile(_PEM + r".*?(?:" + _PEM.replace("BEGIN", "END") + r"|\Z)", re.DOTALL),
    ),
    _Rule(
        "anthropic-key",
        "api-key",
        re.compile(r"\bsk-ant-[A-Za-z0-9_-]{20,}"),
        _only_if_random("api-key"),
    ),
    _Rule(
        "openai-key",
        "api-key",
        re.compile(r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
        _only_if_random("api-key"),
    ),
    _Rule("github-token", "api-key", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}")),
    _Rule("github-fine-grained-token", "api-key", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{22,}")),
    _Rule(
        "gitlab-token",
        "api-key",
        re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}"),
        _only_if_random("api-key"),
    ),
    _Rule(
        "slack-token",
        "api-key",
        re.compile(r"\bxox[baprs]-[A-Za-z0-9-]{10,}"),
        _only_if_random("api-key"),
    ),
    _Rule("aws-access-key-id", "api-key", re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")),
    _Rule("google-api-key", "api-key", re.compile(r"\bAIza[A-Za-z0-9_-]{35}(?![\w-])")),
    _Rule(
        "huggingface-token",
        "api-key",
        re.compile(r"\bhf_[A-Za-z0-9]{30,}\b"),
        _only_if_random("api-key"),
    ),
    _Rule("stripe-key", "api-key", re.compile(r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}")),
    _Rule(
        "jwt",
        "jwt",
        re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
    ),
    _Rule(
        "authorization-header",
        "bearer-token",
        re.compile(
            r"\bauthorization[\"']?[ \t]*[:=][ \t]*[\"']?(?P<scheme>bearer|basic|token)[ \t]+"
            r"(?P<secret>[A-Za-z0-9_.~+/-]+=*)" + _CREDENTIAL_END,
            re.IGNORECASE,
        ),
        _authorization_kind,
    ),
    _Rule(
        "bearer-token",
        "bearer-token",
        re.compile(
            r"\bbearer[ \t]+(?P<secret>[A-Za-z0-9_.~+/-]{8,}=*)" + _CREDENTIAL_END, re.IGNORECASE
        ),
        _bearer_kind,
    ),
    _Rule(
        "url-password",
        "password",
        re.compile(
            r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/?#@\[\]\u01c2]+:(?P<secret>[^\s@/?#\u01c2]+)@"
        ),
        _url_password_kind,
    ),
    _Rule(
        "connection-string-password",
        "connection-string-password",
        re.compile(
            r"(?<![\w.$-])(?:password|pwd)(?P<sep>[ \t]*=[ \t]*)" + _CONN_VALUE + r"(?=[ \t]*;)",
            re.IGNORECASE,
        ),
        _connection_string_kind,
    ),
    _Rule(
        "connection-string-password-last",  # `...;Pwd=abc` at the end of the string
        "connection-string-password",
        re.compile(
            r";[ \t]*(?:password|pwd)(?P<sep>[ \t]*=[ \t]*)"
            + _CONN_VALUE
            + r"(?=[ \t]*(?:[\"'\r\n]|\Z))",
            re.IGNORECASE,
        ),
        _connection_string_kind,
    ),
    _Rule(
        "secret-assignment",  # .env, shell, YAML, TOML, INI, JSON, Python, ST, C, ...
        "env-assignment",
        re.compile(
            r"(?<![\w.])(?<!\w-)(?P<key>[A-Za-z_][\w.-]*)[\"']?"  # `--password`, not `x-api-key`
            r"(?P<sep>[ \t]*" + _TYPE + r"(?::=|=>|=(?!=)|:)[ \t]*)"
            r"(?:(?P<prefix>[rRbBuU]{0,2})(?:" + _DQ + r"|" + _SQ + r")|" + _BARE + r")"
        ),
        _assignment_kind,
    ),
    _Rule(
        "c-define",
        "env-assignment",
        re.compile(
            r"^[ \t]*#[ \t]*define[ \t]+(?P<key>\w+)[ \t]+\"(?P<secret>(?:[^\"\\\n]|\\.)*)\"",
            re.MULTILINE,
        ),
        _define_kind,
    ),
)


# --- The redactor ---------------------------------------------------------------------------


_REMEMBERED_TEXTS = 4096


class SecretRedactor:
    """Finds secrets in text and replaces them with `placeholder` (formatted with `kind`).

    `known_secrets` are redacted wherever they occur, whatever their shape: this is how
    the exact key a user exported never leaves, even if no pattern recognises it.
    """

    def __init__(
        self,
        known_secrets: Iterable[str] = (),
        placeholder: str = "[REDACTED:{kind}]",
    ) -> None:
        if not placeholder.format(kind="known-secret"):  # fails early if malformed, too
            raise ValueError("the placeholder must not be empty")
        self._placeholder = placeholder
        self._placeholder_re = re.compile(
            "[a-z0-9-]+".join(re.escape(part) for part in placeholder.split("{kind}"))
        )
        secrets = sorted({s for s in known_secrets if s}, key=len, reverse=True)
        # A conversation is sent again on every model call: each text is scanned once.
        self._found: dict[str, tuple[Redaction, ...]] = {}
        self._rules = _RULES
        if secrets:
            known = re.compile("|".join(re.escape(s) for s in secrets))
            self._rules = (*_RULES, _Rule("known-secret", "known-secret", known))

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> SecretRedactor:
        """A redactor that also knows the values of secret-looking environment variables.

        Values of variables named like `OPENAI_API_KEY`, `HF_TOKEN`, `DB_PASSWORD`,
        `CLIENT_SECRET`, `GOOGLE_APPLICATION_CREDENTIALS`: the exact key a user exported
        never leaves, even if it has no recognisable shape. Values shorter than 8
        characters are skipped, so that flags such as `1` or `true` are not redacted
        everywhere. `environ` defaults to `os.environ`.
        """
        env = os.environ if environ is None else environ
        return cls(
            known_secrets=[
                value
                for name, value in env.items()
                if len(value) >= 8 and _is_secret_env_name(name)
            ]
        )

    def find(self, text: str) -> list[Redaction]:
        """The secrets in `text`: sorted, non-overlapping spans (overlapping finds are merged).

        Remembered for the texts seen last: an agent's conversation grows by a
        message or two per model call, and rescanning all of it every time cost
        more than the rest of a step.
        """
        known = self._found.get(text)
        if known is None:
            known = tuple(self._scan(text))
            if len(self._found) >= _REMEMBERED_TEXTS:
                del self._found[next(iter(self._found))]
            self._found[text] = known
        return list(known)

    def _scan(self, text: str) -> list[Redaction]:
        # Placeholders already in the text (from an earlier pass) are masked, so they are
        # neither redacted again nor read as part of a value: redaction is idempotent and a
        # prompt may pass through several redacting layers.
        holes = [m.span() for m in self._placeholder_re.finditer(text)]
        masked = self._placeholder_re.sub(lambda m: _MASK * len(m[0]), text)
        found: list[tuple[int, int, int, str]] = []
        for priority, rule in enumerate(self._rules):
            for kind, start, end in rule.scan(masked):
                for s, e in _subtract(start, end, holes):
                    found.append((s, -e, priority, kind))
        found.sort()
        merged: list[Redaction] = []
        for start, neg_end, _, kind in found:
            end = -neg_end
            if merged and start < merged[-1].end:
                last = merged[-1]
                if end > last.end:
                    merged[-1] = Redaction(last.kind, last.start, end)
            else:
                merged.append(Redaction(kind, start, end))
        return merged

    def redact(self, text: str) -> str:
        """`text` with every secret replaced by the placeholder."""
        parts: list[str] = []
        last = 0
        for r in self.find(text):
            parts += [text[last : r.start], self._placeholder.format(kind=r.kind)]
            last = r.end
        parts.append(text[last:])
        return "".join(parts)

    def redact_data(self, value: Any) -> Any:
        """A copy of `value` with every string inside dicts, lists and tuples redacted.

        Used on message content and tool-call arguments. Keys are kept; a string stored
        under a secret-looking key (`{"password": "hunter2"}`) is redacted as a whole,
        just as it would be in the JSON text.
        """
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, Mapping):
            return {k: self._redact_entry(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.redact_data(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.redact_data(v) for v in value)
        return value

    def _redact_entry(self, key: Any, value: Any) -> Any:
        if isinstance(key, str) and isinstance(value, str):
            kind = _literal_kind(key, value)
            if kind is not None and not self._placeholder_re.fullmatch(value):
                return self._placeholder.format(kind=kind)
        return self.redact_data(value)


def _subtract(start: int, end: int, holes: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The parts of [start, end) outside the (sorted, disjoint) `holes`."""
    for hole_start, hole_end in holes:
        if hole_end <= start or hole_start >= end:
            continue
        if hole_start > start:
            yield start, hole_start
        start = max(start, hole_end)
    if start < end:
        yield start, end
