/**
 * `werk.settings` → what the server reads: initializationOptions at start and
 * `workspace/didChangeConfiguration` afterwards. Both use the schema of
 * `werk.toml`; the server validates them and names a bad key itself, so this
 * only turns VS Code's view of the setting into plain nested JSON:
 * dotted keys (`"rules.ignore": [...]`, the way settings.json is often
 * written) become nested tables, and null/undefined values are dropped.
 */
export type Settings = { [key: string]: unknown };

function isTable(value: unknown): value is Settings {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function plain(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((item) => item !== null && item !== undefined).map(plain);
  }
  if (isTable(value)) {
    return initializationOptions(value);
  }
  return value;
}

function merge(into: Settings, key: string, value: unknown): void {
  const existing = into[key];
  if (isTable(existing) && isTable(value)) {
    for (const [inner, innerValue] of Object.entries(value)) {
      merge(existing, inner, innerValue);
    }
  } else {
    into[key] = value;
  }
}

export function initializationOptions(settings: unknown): Settings {
  const result: Settings = {};
  if (!isTable(settings)) {
    return result;
  }
  for (const [key, value] of Object.entries(settings)) {
    if (value === null || value === undefined) {
      continue;
    }
    const parts = key.split(".").filter((part) => part.length > 0);
    if (parts.length === 0) {
      continue;
    }
    let nested: unknown = plain(value);
    for (const part of parts.slice(1).reverse()) {
      nested = { [part]: nested };
    }
    merge(result, parts[0], nested);
  }
  return result;
}

/** The params of `workspace/didChangeConfiguration`, nested under "werk" as the server expects. */
export function configurationChange(settings: unknown): { settings: { werk: Settings } } {
  return { settings: { werk: initializationOptions(settings) } };
}

/** The documents werk serves: Structured Text always; Python, C and C++ when asked to. */
export function documentSelector(otherLanguages: unknown): { language: string }[] {
  const languages = otherLanguages === true ? ["iecst", "python", "c", "cpp"] : ["iecst"];
  return languages.map((language) => ({ language }));
}
