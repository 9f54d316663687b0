/**
 * The agent actions, as data, and the protocol werk serve speaks for them:
 *
 * 1. each action is a code action at the cursor (kind `quickfix.werk.agent`
 *    or `refactor.rewrite.werk.agent`) carrying a server command
 *    (`werk.fixWithAgent`, ...) whose argument is the task the server wrote;
 * 2. executing it starts an agent run in the server, followed by `$/progress`;
 * 3. a verified change arrives as a `werk/agentProposal` notification with
 *    its diff and the commands that apply or reject it; applying makes the
 *    server send `workspace/applyEdit`.
 *
 * An action whose command the running server does not advertise is reported
 * as missing instead of failing, so the extension works with servers from
 * before and after the agent actions. Pure: tested without VS Code.
 */
export interface AgentAction {
  /** The VS Code command (distinct from the server's: vscode-languageclient registers those itself). */
  command: string;
  /** The command the server advertises in `executeCommandProvider.commands`. */
  serverCommand: string;
  /** The code-action kind to ask for. */
  kind: string;
  title: string;
}

export const AGENT_ACTIONS: readonly AgentAction[] = [
  { command: "werk.agent.fix", serverCommand: "werk.fixWithAgent", kind: "quickfix.werk.agent", title: "Fix with agent" },
  {
    command: "werk.agent.implement",
    serverCommand: "werk.implementFromComment",
    kind: "refactor.rewrite.werk.agent",
    title: "Implement from comment",
  },
  {
    command: "werk.agent.writeTests",
    serverCommand: "werk.writeTests",
    kind: "refactor.rewrite.werk.agent",
    title: "Write tests",
  },
];

export const PROPOSAL_NOTIFICATION = "werk/agentProposal";

export function isOffered(action: AgentAction, serverCommands: readonly string[] | undefined): boolean {
  return (serverCommands ?? []).includes(action.serverCommand);
}

export function notOfferedMessage(action: AgentAction): string {
  return `werk: this werk server does not offer '${action.title}' (${action.serverCommand}); update werk.`;
}

export function nothingHereMessage(action: AgentAction): string {
  return `werk: no '${action.title}' here (put the cursor on a werk finding, a comment in a POU, or inside a FUNCTION_BLOCK).`;
}

export interface ServerCommand {
  command: string;
  arguments?: unknown[];
}

function asCommand(value: unknown): ServerCommand | undefined {
  if (typeof value !== "object" || value === null) {
    return undefined;
  }
  const command = (value as { command?: unknown }).command;
  const args = (value as { arguments?: unknown }).arguments;
  if (typeof command !== "string") {
    return undefined;
  }
  return Array.isArray(args) ? { command, arguments: args } : { command };
}

/** The server command of `action` among the code actions (LSP JSON) the server answered with. */
export function findAgentCommand(action: AgentAction, codeActions: unknown): ServerCommand | undefined {
  for (const candidate of Array.isArray(codeActions) ? codeActions : []) {
    const command = asCommand((candidate as { command?: unknown } | null)?.command);
    if (command?.command === action.serverCommand) {
      return command;
    }
  }
  return undefined;
}

export interface Proposal {
  runId: string;
  title: string;
  summary: string;
  changedFiles: string[];
  verification: { name: string; passed: boolean }[];
  diff: string;
  apply: ServerCommand;
  reject: ServerCommand;
}

/** A `werk/agentProposal` payload, or undefined when it lacks what the user needs to decide. */
export function parseProposal(payload: unknown): Proposal | undefined {
  if (typeof payload !== "object" || payload === null) {
    return undefined;
  }
  const p = payload as Record<string, unknown>;
  const apply = asCommand(p.apply);
  const reject = asCommand(p.reject);
  if (!apply || !reject || typeof p.diff !== "string") {
    return undefined;
  }
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  const steps = Array.isArray(p.verification) ? p.verification : [];
  return {
    runId: String(p.runId ?? ""),
    title: typeof p.title === "string" ? p.title : "werk",
    summary: typeof p.summary === "string" ? p.summary : "",
    changedFiles: strings(p.changedFiles),
    verification: steps
      .filter((s): s is { name: unknown; passed: unknown } => typeof s === "object" && s !== null)
      .map((s) => ({ name: String(s.name), passed: s.passed === true })),
    diff: p.diff,
    apply,
    reject,
  };
}

/** The question shown next to the diff: what changes and what verification said. */
export function proposalQuestion(proposal: Proposal): string {
  const files = proposal.changedFiles.length ? proposal.changedFiles.join(", ") : "no files";
  const checks = proposal.verification.length
    ? proposal.verification.map((s) => `${s.name} ${s.passed ? "passed" : "FAILED"}`).join(", ")
    : "not verified";
  return `${proposal.title}: a change to ${files} (${checks}). Apply it?`;
}

/** `werk run` on the workspace: the agent's headless job, as a process the user watches. */
export function runArguments(root: string, task: string): string[] {
  return ["run", "--repo", root, task];
}
