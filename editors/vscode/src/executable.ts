/**
 * Where the `werk` executable is, in the order a user expects:
 *   1. the `werk.path` setting (relative paths and `${workspaceFolder}` are
 *      resolved against the first workspace folder);
 *   2. the workspace's own virtual environment (`.venv`, `venv`, `env`);
 *   3. the activated virtual environment (`$VIRTUAL_ENV`);
 *   4. `PATH`.
 * Pure: the file system is asked through `isExecutable`, so the order is
 * tested without VS Code. The Neovim plugin uses the same order.
 */
import * as path from "path";

export const VENV_DIRS = [".venv", "venv", "env"];

export type Source = "setting" | "workspace venv" | "VIRTUAL_ENV" | "PATH";

export interface Candidate {
  path: string;
  source: Source;
}

export interface Lookup {
  /** The `werk.path` setting; empty or undefined when not set. */
  configured?: string;
  workspaceFolders: string[];
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  isExecutable: (file: string) => boolean;
}

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

function inVenv(platform: NodeJS.Platform, venv: string): string {
  const api = pathApi(platform);
  return platform === "win32" ? api.join(venv, "Scripts", "werk.exe") : api.join(venv, "bin", "werk");
}

/** Every place werk may be, best first; only the setting may name a non-existent file. */
export function candidates(lookup: Lookup): Candidate[] {
  const api = pathApi(lookup.platform);
  const found: Candidate[] = [];
  const first = lookup.workspaceFolders[0];
  const configured = lookup.configured?.trim();
  if (configured) {
    let resolved = first ? configured.replace(/\$\{workspaceFolder\}/g, first) : configured;
    if (!api.isAbsolute(resolved) && first && /[\\/]/.test(resolved)) {
      resolved = api.join(first, resolved);
    }
    found.push({ path: resolved, source: "setting" });
  }
  for (const folder of lookup.workspaceFolders) {
    for (const dir of VENV_DIRS) {
      found.push({ path: inVenv(lookup.platform, api.join(folder, dir)), source: "workspace venv" });
    }
  }
  const venv = lookup.env.VIRTUAL_ENV;
  if (venv) {
    found.push({ path: inVenv(lookup.platform, venv), source: "VIRTUAL_ENV" });
  }
  const separator = lookup.platform === "win32" ? ";" : ":";
  const name = lookup.platform === "win32" ? "werk.exe" : "werk";
  for (const dir of (lookup.env.PATH ?? lookup.env.Path ?? "").split(separator)) {
    if (dir) {
      found.push({ path: api.join(dir, name), source: "PATH" });
    }
  }
  return found;
}

/**
 * The executable to start. A configured `werk.path` wins even when it is a
 * bare command name (`werk`) left for the OS to find; a configured path that
 * does not exist is an error the user must see, not a reason to silently use
 * another werk.
 */
export function findExecutable(lookup: Lookup): Candidate | undefined {
  for (const candidate of candidates(lookup)) {
    if (candidate.source === "setting") {
      return candidate;
    }
    if (lookup.isExecutable(candidate.path)) {
      return candidate;
    }
  }
  return undefined;
}

export function missingMessage(lookup: Lookup): string {
  const venvs = VENV_DIRS.join(", ");
  return (
    `werk: no werk executable found (looked in the workspace's ${venvs}, $VIRTUAL_ENV and PATH). ` +
    "Install it (pip install werk) or set werk.path."
  );
}
