import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import {
  AGENT_ACTIONS,
  findAgentCommand,
  isOffered,
  notOfferedMessage,
  parseProposal,
  proposalQuestion,
  runArguments,
} from "../agentActions";

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf-8"));
const fix = AGENT_ACTIONS[0];

test("every agent action is a contributed command, and none clashes with a server command", () => {
  const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command);
  for (const action of AGENT_ACTIONS) {
    assert.ok(contributed.includes(action.command), action.command);
    assert.notEqual(action.command, action.serverCommand);
  }
});

test("an action is offered only when the server advertises its command", () => {
  assert.equal(isOffered(fix, undefined), false);
  assert.equal(isOffered(fix, ["werk.applyAgentEdit"]), false);
  assert.equal(isOffered(fix, ["werk.applyAgentEdit", fix.serverCommand]), true);
  assert.match(notOfferedMessage(fix), /does not offer 'Fix with agent' \(werk\.fixWithAgent\)/);
});

test("the action's command is picked out of the server's code actions, with its task", () => {
  const answer = [
    { title: "remove the declaration of nSpare (CP24)", kind: "quickfix", edit: { changes: {} } },
    { title: "werk: write tests", kind: "refactor.rewrite.werk.agent", command: { title: "t", command: "werk.writeTests", arguments: [{ task: "tests" }] } },
    { title: "werk: fix with agent", kind: "quickfix.werk.agent", command: { title: "f", command: "werk.fixWithAgent", arguments: [{ task: "Fix CP24" }] } },
  ];
  assert.deepEqual(findAgentCommand(fix, answer), { command: "werk.fixWithAgent", arguments: [{ task: "Fix CP24" }] });
  assert.equal(findAgentCommand(fix, answer.slice(0, 2)), undefined);
  assert.equal(findAgentCommand(fix, null), undefined);
});

const payload = {
  runId: "r1",
  title: "werk: fix with agent",
  summary: "removed nSpare",
  changedFiles: ["plc/fb_pump.st"],
  verification: [
    { name: "parse", passed: true },
    { name: "tests", passed: false },
  ],
  diff: "--- a/plc/fb_pump.st\n+++ b/plc/fb_pump.st\n",
  apply: { command: "werk.applyAgentEdit", arguments: ["r1"] },
  reject: { command: "werk.rejectAgentEdit", arguments: ["r1"] },
};

test("a proposal carries the diff and the commands that answer it", () => {
  const proposal = parseProposal(payload);
  assert.ok(proposal);
  assert.deepEqual(proposal.apply, { command: "werk.applyAgentEdit", arguments: ["r1"] });
  assert.deepEqual(proposal.reject, { command: "werk.rejectAgentEdit", arguments: ["r1"] });
  assert.equal(proposal.diff, payload.diff);
  assert.equal(
    proposalQuestion(proposal),
    "werk: fix with agent: a change to plc/fb_pump.st (parse passed, tests FAILED). Apply it?",
  );
});

test("a proposal without a diff or without its commands is not shown", () => {
  assert.equal(parseProposal({ ...payload, diff: undefined }), undefined);
  assert.equal(parseProposal({ ...payload, apply: "werk.applyAgentEdit" }), undefined);
  assert.equal(parseProposal(null), undefined);
  assert.match(proposalQuestion(parseProposal({ ...payload, verification: [], changedFiles: [] })!), /no files \(not verified\)/);
});

test("werk run is started on the workspace root with the task as one argument", () => {
  assert.deepEqual(runArguments("/plant", "add a reset; keep alarms"), ["run", "--repo", "/plant", "add a reset; keep alarms"]);
});
