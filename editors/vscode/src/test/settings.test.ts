import assert from "node:assert/strict";
import { test } from "node:test";

import { configurationChange, documentSelector, initializationOptions } from "../settings";

test("werk.settings is passed on as werk.toml's nested tables", () => {
  const settings = { rules: { ignore: ["CP9"], severity: { CP8: "error" } }, st: { dialect: "codesys" } };
  assert.deepEqual(initializationOptions(settings), settings);
});

test("dotted keys become nested tables and merge with written-out ones", () => {
  assert.deepEqual(
    initializationOptions({ "rules.ignore": ["CP9"], rules: { select: ["CP"] }, "rules.options.CP9.max_complexity": 20 }),
    { rules: { ignore: ["CP9"], select: ["CP"], options: { CP9: { max_complexity: 20 } } } },
  );
});

test("null and undefined values are dropped, other values kept as they are", () => {
  assert.deepEqual(initializationOptions({ model: null, st: { dialect: undefined, analysis_limit: 100 }, x: false }), {
    st: { analysis_limit: 100 },
    x: false,
  });
});

test("anything that is not a table gives no settings", () => {
  for (const value of [undefined, null, "rules", 3, ["CP9"]]) {
    assert.deepEqual(initializationOptions(value), {});
  }
});

test("a change is sent nested under werk, as the server reads it", () => {
  assert.deepEqual(configurationChange({ "rules.ignore": ["CP9"] }), { settings: { werk: { rules: { ignore: ["CP9"] } } } });
});

test("werk attaches to Structured Text, and to Python, C and C++ only when asked", () => {
  assert.deepEqual(documentSelector(undefined), [{ language: "iecst" }]);
  assert.deepEqual(documentSelector("yes"), [{ language: "iecst" }]);
  assert.deepEqual(
    documentSelector(true).map((entry) => entry.language),
    ["iecst", "python", "c", "cpp"],
  );
});
