/**
 * werk for VS Code: starts `werk serve` for Structured Text with
 * vscode-languageclient, shows its `werk/status` in the status bar, maps
 * `werk.settings` to the server's settings and offers the agent actions.
 * The decisions live in small pure modules (executable, settings, status,
 * agentActions) that are unit-tested under plain Node.
 */
import * as fs from "fs";
import * as vscode from "vscode";
import {
  CodeActionRequest,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

import {
  AGENT_ACTIONS,
  AgentAction,
  PROPOSAL_NOTIFICATION,
  ServerCommand,
  findAgentCommand,
  isOffered,
  nothingHereMessage,
  notOfferedMessage,
  parseProposal,
  proposalQuestion,
  runArguments,
} from "./agentActions";
import { Candidate, Lookup, findExecutable, missingMessage } from "./executable";
import { configurationChange, documentSelector, initializationOptions } from "./settings";
import { WerkStatus, statusView } from "./status";

let client: LanguageClient | undefined;
let executable: Candidate | undefined;

function lookup(): Lookup {
  return {
    configured: vscode.workspace.getConfiguration("werk").get<string>("path"),
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
    env: process.env,
    platform: process.platform,
    isExecutable: (file) => {
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
  };
}

function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

async function startClient(context: vscode.ExtensionContext, output: vscode.OutputChannel, status: vscode.StatusBarItem) {
  const where = lookup();
  executable = findExecutable(where);
  if (!executable) {
    const message = missingMessage(where);
    status.text = "$(error) werk";
    status.tooltip = message;
    const choice = await vscode.window.showErrorMessage(message, "Open settings");
    if (choice) {
      await vscode.commands.executeCommand("workbench.action.openSettings", "werk.path");
    }
    return;
  }
  output.appendLine(`werk: ${executable.path} (from ${executable.source})`);
  const serverOptions: ServerOptions = {
    command: executable.path,
    args: ["serve"],
    options: { cwd: workspaceRoot() },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(vscode.workspace.getConfiguration("werk").get("otherLanguages")),
    initializationOptions: initializationOptions(vscode.workspace.getConfiguration("werk").get("settings")),
    outputChannel: output,
  };
  client = new LanguageClient("werk", "werk", serverOptions, clientOptions);
  // Ghost text: the client's inline-completion feature registers a standard
  // InlineCompletionItemProvider whenever the server advertises one.
  client.registerProposedFeatures();
  context.subscriptions.push(
    client.onNotification("werk/status", (payload: WerkStatus) => {
      const view = statusView(payload);
      status.text = view.text;
      status.tooltip = view.tooltip;
    }),
    client.onNotification(PROPOSAL_NOTIFICATION, (payload: unknown) => void showProposal(payload)),
  );
  await client.start();
}

function serverCommands(): string[] | undefined {
  return client?.initializeResult?.capabilities.executeCommandProvider?.commands;
}

function execute(command: ServerCommand): Promise<unknown> {
  return client!.sendRequest(ExecuteCommandRequest.type, { command: command.command, arguments: command.arguments });
}

/** Ask the server for the action at the selection and start it; progress comes as `$/progress`. */
async function runAgentAction(action: AgentAction): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) {
    void vscode.window.showWarningMessage("werk: open a Structured Text file first.");
    return;
  }
  if (!isOffered(action, serverCommands())) {
    void vscode.window.showWarningMessage(notOfferedMessage(action));
    return;
  }
  const uri = editor.document.uri;
  const selection = editor.selection;
  const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.range.intersection(selection) !== undefined);
  const answer = await client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uri.toString() },
    range: client.code2ProtocolConverter.asRange(selection),
    context: { diagnostics: await client.code2ProtocolConverter.asDiagnostics(diagnostics), only: [action.kind] },
  });
  const command = findAgentCommand(action, answer);
  if (!command) {
    void vscode.window.showInformationMessage(nothingHereMessage(action));
    return;
  }
  await execute(command);
}

/** `werk/agentProposal`: the diff beside the code, then the server applies or drops it. */
async function showProposal(payload: unknown): Promise<void> {
  const proposal = parseProposal(payload);
  if (!proposal || !client) {
    return;
  }
  const diff = await vscode.workspace.openTextDocument({ content: proposal.diff, language: "diff" });
  await vscode.window.showTextDocument(diff, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  const choice = await vscode.window.showInformationMessage(proposalQuestion(proposal), "Apply", "Reject");
  const result = await execute(choice === "Apply" ? proposal.apply : proposal.reject);
  const failed = result as { applied?: boolean; reason?: string } | undefined;
  if (choice === "Apply" && failed?.applied === false) {
    void vscode.window.showWarningMessage(`werk: not applied: ${failed.reason ?? "unknown reason"}`);
  }
}

async function runOnWorkspace(): Promise<void> {
  const root = workspaceRoot();
  if (!root || !executable) {
    void vscode.window.showWarningMessage("werk: open a folder (and install werk) to run the agent on it.");
    return;
  }
  const task = await vscode.window.showInputBox({
    prompt: "What should the agent do? (werk run)",
    placeHolder: "FB_Valve: add an input bReset that clears bAlarm",
  });
  if (!task) {
    return;
  }
  const definition = { type: "werk", task };
  const execution = new vscode.ProcessExecution(executable.path, runArguments(root, task), { cwd: root });
  const runTask = new vscode.Task(definition, vscode.TaskScope.Workspace, "run", "werk", execution);
  await vscode.tasks.executeTask(runTask);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("werk");
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  status.command = "werk.showOutput";
  status.text = statusView(undefined).text;
  status.show();
  context.subscriptions.push(output, status);

  for (const action of AGENT_ACTIONS) {
    context.subscriptions.push(vscode.commands.registerCommand(action.command, () => runAgentAction(action)));
  }
  context.subscriptions.push(
    vscode.commands.registerCommand("werk.agent.run", runOnWorkspace),
    vscode.commands.registerCommand("werk.showOutput", () => output.show()),
    vscode.commands.registerCommand("werk.restart", async () => {
      await client?.stop();
      client = undefined;
      await startClient(context, output, status);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("werk.path")) {
        await vscode.commands.executeCommand("werk.restart");
      } else if (event.affectsConfiguration("werk.settings") && client) {
        await client.sendNotification(
          "workspace/didChangeConfiguration",
          configurationChange(vscode.workspace.getConfiguration("werk").get("settings")),
        );
      }
    }),
  );
  await startClient(context, output, status);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
