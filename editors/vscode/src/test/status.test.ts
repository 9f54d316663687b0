import assert from "node:assert/strict";
import { test } from "node:test";

import { statusView } from "../status";

test("indexing spins and counts the files", () => {
  assert.deepEqual(statusView({ state: "indexing", files: 12, lastCheckMs: null }), {
    text: "$(sync~spin) werk: indexing 12 files",
    tooltip: "werk: indexing · 12 files",
    busy: true,
  });
});

test("ready is a check mark with the latency in the tooltip", () => {
  assert.deepEqual(statusView({ state: "ready", files: 1, lastCheckMs: 3.14159 }), {
    text: "$(check) werk",
    tooltip: "werk: ready · 1 file · last check 3.1 ms",
    busy: false,
  });
});

test("unknown states from newer servers are shown, not dropped", () => {
  assert.equal(statusView({ state: "thinking", files: 3 }).text, "$(info) werk: thinking");
  assert.equal(statusView({}).text, "$(info) werk: unknown");
});

test("no payload means the server is not running", () => {
  assert.equal(statusView(undefined).tooltip, "werk: not running");
  assert.equal(statusView(null).text, "$(circle-slash) werk");
});
