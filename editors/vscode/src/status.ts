/**
 * The status-bar item from the server's `werk/status` notification
 * (`{"state": "indexing"|"ready", "files": N, "lastCheckMs": x, ...}`).
 * Unknown states and missing fields are shown as they come, never dropped:
 * a newer server may send more.
 */
export interface WerkStatus {
  state?: unknown;
  files?: unknown;
  lastCheckMs?: unknown;
  [key: string]: unknown;
}

export interface StatusView {
  text: string;
  tooltip: string;
  busy: boolean;
}

function count(files: unknown): string | undefined {
  if (typeof files !== "number") {
    return undefined;
  }
  return files === 1 ? "1 file" : `${files} files`;
}

export function statusView(payload: WerkStatus | undefined | null): StatusView {
  if (!payload || typeof payload !== "object") {
    return { text: "$(circle-slash) werk", tooltip: "werk: not running", busy: false };
  }
  const state = typeof payload.state === "string" ? payload.state : "unknown";
  const files = count(payload.files);
  const details = [`werk: ${state}`];
  if (files) {
    details.push(files);
  }
  if (typeof payload.lastCheckMs === "number") {
    details.push(`last check ${payload.lastCheckMs.toFixed(1)} ms`);
  }
  const tooltip = details.join(" · ");
  if (state === "indexing") {
    return { text: `$(sync~spin) werk: indexing${files ? ` ${files}` : ""}`, tooltip, busy: true };
  }
  if (state === "ready") {
    return { text: "$(check) werk", tooltip, busy: false };
  }
  return { text: `$(info) werk: ${state}`, tooltip, busy: false };
}
