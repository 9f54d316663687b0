import assert from "node:assert/strict";
import { test } from "node:test";

import { Lookup, candidates, findExecutable, missingMessage } from "../executable";

function lookup(existing: string[], overrides: Partial<Lookup> = {}): Lookup {
  return {
    configured: "",
    workspaceFolders: ["/plant"],
    env: { PATH: "/usr/local/bin:/usr/bin" },
    platform: "linux",
    isExecutable: (file) => existing.includes(file),
    ...overrides,
  };
}

test("the werk.path setting wins over everything, even when it is missing", () => {
  const found = findExecutable(lookup(["/plant/.venv/bin/werk"], { configured: "/opt/werk/bin/werk" }));
  assert.deepEqual(found, { path: "/opt/werk/bin/werk", source: "setting" });
});

test("a relative werk.path is resolved against the workspace folder", () => {
  assert.equal(findExecutable(lookup([], { configured: "tools/werk" }))?.path, "/plant/tools/werk");
  assert.equal(findExecutable(lookup([], { configured: "${workspaceFolder}/bin/werk" }))?.path, "/plant/bin/werk");
  assert.equal(findExecutable(lookup([], { configured: "werk" }))?.path, "werk");
});

test("the workspace venv comes before VIRTUAL_ENV and PATH", () => {
  const existing = ["/plant/venv/bin/werk", "/home/me/env/bin/werk", "/usr/bin/werk"];
  const env = { VIRTUAL_ENV: "/home/me/env", PATH: "/usr/bin" };
  assert.deepEqual(findExecutable(lookup(existing, { env })), { path: "/plant/venv/bin/werk", source: "workspace venv" });
  assert.deepEqual(findExecutable(lookup(existing.slice(1), { env })), {
    path: "/home/me/env/bin/werk",
    source: "VIRTUAL_ENV",
  });
  assert.deepEqual(findExecutable(lookup(existing.slice(2), { env })), { path: "/usr/bin/werk", source: "PATH" });
});

test("venv folders are tried as .venv, venv, env; PATH in its order", () => {
  const paths = candidates(lookup([])).map((c) => c.path);
  assert.deepEqual(paths, [
    "/plant/.venv/bin/werk",
    "/plant/venv/bin/werk",
    "/plant/env/bin/werk",
    "/usr/local/bin/werk",
    "/usr/bin/werk",
  ]);
});

test("Windows venvs keep werk.exe under Scripts and PATH is split on ;", () => {
  const found = candidates(
    lookup([], { platform: "win32", workspaceFolders: ["C:\\plant"], env: { Path: "C:\\Python\\Scripts;C:\\bin" } }),
  );
  assert.equal(found[0].path, "C:\\plant\\.venv\\Scripts\\werk.exe");
  assert.deepEqual(
    found.filter((c) => c.source === "PATH").map((c) => c.path),
    ["C:\\Python\\Scripts\\werk.exe", "C:\\bin\\werk.exe"],
  );
});

test("nothing found gives undefined and a message that says what to do", () => {
  const where = lookup([]);
  assert.equal(findExecutable(where), undefined);
  assert.match(missingMessage(where), /pip install werk.*werk\.path/);
});
