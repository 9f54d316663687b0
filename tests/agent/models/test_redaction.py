"""Tests for secret redaction: what must never reach a model, and what code must survive."""

from __future__ import annotations

import itertools
import re
import string
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from werk.agent.models.redaction import Redaction, SecretRedactor

REDACTOR = SecretRedactor()
PLACEHOLDER = re.compile(r"\[REDACTED:[a-z-]+\]")


def visible(text: str) -> str:
    """The output with placeholders masked, so a secret cannot hide inside one."""
    return PLACEHOLDER.sub("\x00", text)


# (text, secret that must disappear, text that must stay, expected kind)
POSITIVE = [
    (
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n"
        "-----END OPENSSH PRIVATE KEY-----\n",
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU=",
        "\n",
        "private-key",
    ),
    (
        "key.pem:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7x\n"
        "-----END RSA PRIVATE KEY-----",
        "MIIEpAIBAAKCAQEA7x",
        "key.pem:",
        "private-key",
    ),
    (
        "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oR\n(truncated)",
        "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oR",
        "",
        "private-key",
    ),
    (
        "client = OpenAI('sk-abcdefghij1234567890KLMNOPQRST')",
        "sk-abcdefghij1234567890",
        "OpenAI(",
        "api-key",
    ),
    (
        "OPENAI_KEY: sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t",
        "Ab3dEf6hIj9kLm2nOp5qRs8t",
        "OPENAI_KEY",
        "api-key",
    ),
    (
        "x-api-key: sk-ant-api03-AbCdEf123456GhIjKl7890-mnOp_QR",
        "AbCdEf123456GhIjKl7890",
        "x-api-key",
        "api-key",
    ),
    (
        "git clone https://ghp_aBcD1234EfGh5678IjKl9012MnOp3456QrSt@github.com/x/y",
        "ghp_aBcD1234",
        "github.com",
        "api-key",
    ),
    (
        "gh auth login gho_16C7e42F292c6912E7710c838347Ae178B4a",
        "16C7e42F292c",
        "gh auth login",
        "api-key",
    ),
    (
        "pat github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789",
        "11ABCDEFG0",
        "pat",
        "api-key",
    ),
    ("glpat-xY12abCD34efGH56ijKL", "xY12abCD34efGH56ijKL", "", "api-key"),
    ("SLACK xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp", "1234567890123", "SLACK", "api-key"),
    (
        "aws_access_key_id AKIAIOSFODNN7EXAMPLE",
        "AKIAIOSFODNN7EXAMPLE",
        "aws_access_key_id",
        "api-key",
    ),
    ("session ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A", "session", "api-key"),
    (
        "maps?key=AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI",
        "SyDdI0hCZtE6vySjMm",
        "maps?key=",
        "api-key",
    ),
    (
        "login(hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh)",
        "AbCdEfGhIjKlMnOpQrStUvWxYz",
        "login(",
        "api-key",
    ),
    ("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "4eC39HqLyjWDarjtT1zdp7dc", "stripe", "api-key"),
    (
        "cookie eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
        "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "eyJzdWIiOiIxMjM0NTY3ODkwIn0",
        "cookie",
        "jwt",
    ),
    (
        "Authorization: Bearer abc123def456ghi789",
        "abc123def456ghi789",
        "Authorization: Bearer",
        "bearer-token",
    ),
    (
        'headers = {"Authorization": "Basic dXNlcjpwYXNz"}',
        "dXNlcjpwYXNz",
        '"Authorization": "Basic ',
        "basic-auth",
    ),
    (
        "-H 'authorization: token 0123456789abcdef'",
        "0123456789abcdef",
        "authorization: token",
        "bearer-token",
    ),
    (
        "postgres://admin:s3cr3tPw@db.plant.local:5432/historian",
        "s3cr3tPw",
        "postgres://admin:",
        "password",
    ),
    ("mqtt://plc:Hunter2!@broker:1883", "Hunter2!", "@broker:1883", "password"),
    (
        "Server=hist01;Database=Line3;User Id=sa;Password=P@ss w0rd!;",
        "P@ss w0rd!",
        "Password=",
        "connection-string-password",
    ),
    ("Driver={SQL Server};Uid=sa;Pwd=abc123", "abc123", "Pwd=", "connection-string-password"),
    ("API_KEY=abcdefghijklmnop", "abcdefghijklmnop", "API_KEY=", "env-assignment"),
    ('export DB_PASSWORD="hunter2xyz"', "hunter2xyz", 'export DB_PASSWORD=""', "password"),
    ("  secret_key: a8f3kd9s0q", "a8f3kd9s0q", "secret_key: ", "env-assignment"),
    ('token = "tok_1234567890"', "tok_1234567890", 'token = ""', "env-assignment"),
    ('{"apiKey": "AbC123xyz", "user": "bob"}', "AbC123xyz", '"apiKey": ""', "env-assignment"),
    ("[database]\npassword = s3cret99", "s3cret99", "password = ", "password"),
    ("sPassword := 'hunter2xyz';", "hunter2xyz", "sPassword := '';", "password"),
    (
        "gc_sApiKey : STRING(64) := 'k3y-For-MES';",
        "k3y-For-MES",
        "gc_sApiKey : STRING(64) := '",
        "env-assignment",
    ),
    ("IF sPassword = 'admin123' THEN", "admin123", "IF sPassword = '' THEN", "password"),
    ('password: str = "hunter2"', "hunter2", 'password: str = ""', "password"),
    ('connect(host, password="Tr0ub4dor")', "Tr0ub4dor", 'password=""', "password"),
    ('#define WIFI_PASSWORD "hunter22"', "hunter22", "#define WIFI_PASSWORD", "password"),
    ("deploy --password=Zx9qLm3 --force", "Zx9qLm3", "--password=", "password"),
]


@pytest.mark.parametrize(("text", "secret", "kept", "kind"), POSITIVE)
def test_secret_is_redacted(text: str, secret: str, kept: str, kind: str) -> None:
    out = REDACTOR.redact(text)
    assert secret not in out
    assert f"[REDACTED:{kind}]" in out
    assert kept in out.replace(f"[REDACTED:{kind}]", "")


NEGATIVE = [
    "bPasswordOk := TRUE;",
    "sToken : STRING[80];",
    "sApiKey : STRING(64);",
    "IF nKeyCount > 0 THEN",
    "password := sInput;",
    "sPassword := CONCAT(sPrefix, sSuffix);",
    "password = getpass()",
    'token = request.headers["x"]',
    'api_key = os.environ["OPENAI_API_KEY"]',
    "api_key = settings.openai_api_key",
    "    password=password,",
    "password: str",
    "token: Optional[str] = None",
    'headers = {"Authorization": f"Bearer {token}"}',
    "max_tokens = 4096",
    "password = get_password();",
    "pwd = getcwd();",
    "API_KEY=",
    "API_KEY=changeme",
    "API_KEY=<your-key>",
    "API_KEY=${OPENAI_API_KEY}",
    "password: xxx",
    'password = "..."',
    'pad_token = "<pad>"',
    "postgres://user:${DB_PASSWORD}@db/x",
    "Authorization: Bearer tokens are described in RFC 6750",
    "commit 3f2a9c0d1e4b5a6978c0d1e2f3a4b5c6d7e8f9a0",
    "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "hf_MotorSpeedSetpointFilterValue := 0;",
    "pip install scikit-learn; sk-learn-is-not-a-key-at-all",
    "https://example.com:8080/path?q=1",
    "(* Password handling: see FB_Login *)",
    "tokens = ['IF', 'THEN', 'END_IF']",
    'if token == "integer":',
    "if not api_key or api_key == _client.API_KEY_PLACEHOLDER:",
    "'Secret': (__spec__.parent, '.types'),",
    'X_API_KEY = "x-api-key"',
    'METADATA_KEY = "pydantic-mypy-metadata"',
    'token = r"[-!#$%&*+.^_`|~0-9a-zA-Z]+"',
    'unk_token: Optional[str] = "[UNK]"',
    'client = OpenAI(api_key="sk-...")',
    '{"openai_api_key": "OPENAI_API_KEY"}',
    '{"authorization": "Bearer hf_***"}',
    '"Buffer the body or use bearer authentication."',
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_code_is_left_alone(text: str) -> None:
    assert REDACTOR.find(text) == []
    assert REDACTOR.redact(text) == text


def test_find_reports_kind_and_original_offsets() -> None:
    text = 'x = 1\nAPI_KEY="abc123xyz"\n'
    start = text.index("abc123xyz")
    assert REDACTOR.find(text) == [Redaction("env-assignment", start, start + len("abc123xyz"))]


def test_redact_data_on_tool_call() -> None:
    call: dict[str, Any] = {
        "name": "edit",
        "args": {
            "path": "src/main.py",
            "text": "client = OpenAI(api_key='sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t')",
            "options": [("replace", 1), {"password": "hunter2xyz", "retries": 3}],
        },
        "id": "call_1",
    }
    out = REDACTOR.redact_data(call)
    assert out["name"] == "edit" and out["id"] == "call_1"
    assert out["args"]["path"] == "src/main.py"
    assert out["args"]["text"] == "client = OpenAI(api_key='[REDACTED:api-key]')"
    assert out["args"]["options"] == [
        ("replace", 1),
        {"password": "[REDACTED:password]", "retries": 3},
    ]
    assert "sk-proj" in call["args"]["text"]  # the input is not modified
    assert REDACTOR.redact_data(out) == out


def test_from_environment_uses_secret_looking_names() -> None:
    env = {
        "OPENAI_API_KEY": "plain-looking-value",
        "HF_TOKEN": "abcdefghijkl",
        "DB_PASSWORD": "correcthorse",
        "SECRET_KEY_BASE": "basebasebase",
        "GITHUB_TOKEN": "short",  # under 8 characters: too short to redact everywhere
        "HOME": "/home/operator",
        "PWD": "/home/operator/project",
        "TOKENIZERS_PARALLELISM": "false-ish-value",
    }
    redactor = SecretRedactor.from_environment(env)
    text = " ".join(env.values())
    out = redactor.redact(text)
    for name in ("OPENAI_API_KEY", "HF_TOKEN", "DB_PASSWORD", "SECRET_KEY_BASE"):
        assert env[name] not in out
    for name in ("GITHUB_TOKEN", "HOME", "PWD", "TOKENIZERS_PARALLELISM"):
        assert env[name] in out
    assert "[REDACTED:known-secret]" in out


def test_known_secret_overrides_shape() -> None:
    redactor = SecretRedactor(known_secrets=["Plc-Pass"])
    assert redactor.redact("login Plc-Pass, again Plc-Pass.") == (
        "login [REDACTED:known-secret], again [REDACTED:known-secret]."
    )


def test_empty_placeholder_is_rejected() -> None:
    with pytest.raises(ValueError):
        SecretRedactor(placeholder="")


def test_custom_placeholder() -> None:
    redactor = SecretRedactor(placeholder="<<{kind}>>")
    out = redactor.redact("Authorization: Bearer abc123def456ghi789")
    assert out == "Authorization: Bearer <<bearer-token>>"
    assert redactor.redact(out) == out


# --- Properties -------------------------------------------------------------------------------

ALNUM = string.ascii_letters + string.digits
B64URL = ALNUM + "-_"
# Characters of ordinary Structured Text / Python source, including assignment syntax.
ST_CHARS = ALNUM + " \n\t:=;()[].,+-*/<>#_'\"$"


def _body(size: int, alphabet: str = ALNUM) -> st.SearchStrategy[str]:
    # A digit and a letter at the end make the body look generated, as real tokens do.
    return st.text(alphabet, min_size=size, max_size=size + 20).map(lambda s: s + "q7")


# Each strategy gives (text containing a secret, the part that must vanish).
SECRETS = st.one_of(
    _body(20).map(lambda b: ("sk-proj-" + b, b)),
    _body(20, B64URL).map(lambda b: ("sk-ant-api03-" + b, b)),
    st.text(ALNUM, min_size=36, max_size=36).map(lambda b: ("ghp_" + b, "ghp_" + b)),
    _body(20).map(lambda b: ("glpat-" + b, b)),
    _body(12).map(lambda b: ("xoxb-" + b, b)),
    st.text(string.ascii_uppercase + string.digits, min_size=16, max_size=16).map(
        lambda b: ("AKIA" + b, "AKIA" + b)
    ),
    st.text(B64URL, min_size=35, max_size=35).map(lambda b: ("AIza" + b, "AIza" + b)),
    _body(32).map(lambda b: ("hf_" + b, b)),
    _body(20).map(lambda b: ("sk_live_" + b, b)),
    st.tuples(_body(10, B64URL), _body(10, B64URL)).map(
        lambda p: (f"eyJ{p[0]}.eyJ{p[1]}.sig", p[1])
    ),
    _body(10).map(lambda b: (f"Authorization: Bearer {b}", b)),
    _body(8).map(lambda b: (f"postgres://u:{b}@host/db", b)),
    _body(8).map(lambda b: (f"Server=s;Password={b};", b)),
    _body(8).map(lambda b: (f'API_KEY="{b}"', b)),
    _body(8).map(lambda b: (f"sPassword := '{b}';", b)),
    _body(8).map(lambda b: (f"secret_key: {b}\n", b)),
    _body(16).map(lambda b: (f"-----BEGIN PRIVATE KEY-----\n{b}\n-----END PRIVATE KEY-----", b)),
)
KNOWN = st.text(ALNUM + "-_./+=!@#%^&*", min_size=8, max_size=24)
TEXT = st.text(ST_CHARS, max_size=60)


@settings(max_examples=150, deadline=None)
@given(before=TEXT, secret=SECRETS, after=TEXT)
def test_embedded_secret_never_leaves(before: str, secret: tuple[str, str], after: str) -> None:
    text, value = secret
    assume(value not in before and value not in after)
    out = REDACTOR.redact(f"{before} {text} {after}")
    assert value not in visible(out)


@settings(max_examples=50, deadline=None)
@given(before=TEXT, known=KNOWN, after=TEXT)
def test_known_secret_never_leaves(before: str, known: str, after: str) -> None:
    assume(known not in before and known not in after)
    out = SecretRedactor(known_secrets=[known]).redact(before + known + after)
    assert known not in visible(out)


@settings(max_examples=150, deadline=None)
@given(before=TEXT, secret=SECRETS, after=TEXT)
def test_redact_is_idempotent(before: str, secret: tuple[str, str], after: str) -> None:
    once = REDACTOR.redact(f"{before} {secret[0]} {after}")
    assert REDACTOR.redact(once) == once
    plain = REDACTOR.redact(before + after)
    assert REDACTOR.redact(plain) == plain


@settings(max_examples=150, deadline=None)
@given(before=TEXT, secret=SECRETS, after=TEXT)
def test_find_returns_sorted_disjoint_spans(
    before: str, secret: tuple[str, str], after: str
) -> None:
    text = f"{before}{secret[0]}{after}"
    spans = REDACTOR.find(text)
    for r in spans:
        assert 0 <= r.start < r.end <= len(text)
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start


# Code without assignment syntax or quotes cannot contain a secret-shaped value.
PLAIN_CODE = st.text(string.ascii_lowercase + string.digits + " \n;().,+-*<>", max_size=200)


@settings(max_examples=100, deadline=None)
@given(PLAIN_CODE)
def test_plain_code_round_trips(text: str) -> None:
    assert REDACTOR.redact(text) == text


def test_structured_text_program_round_trips() -> None:
    program = """\
FUNCTION_BLOCK FB_Login
VAR_INPUT
    sUser     : STRING[32];
    sPassword : STRING[32];
END_VAR
VAR
    bPasswordOk : BOOL;
    sToken      : STRING[80];
    nKeyCount   : INT := 0;
END_VAR
bPasswordOk := (sPassword = sStoredHash);
IF nKeyCount > 0 AND bPasswordOk THEN
    sToken := CONCAT(sUser, '-session');
    password := sInput;
END_IF
END_FUNCTION_BLOCK
"""
    assert REDACTOR.redact(program) == program
