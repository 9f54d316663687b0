/**
 * The TextMate grammar tokenises real-looking files (CODESYS ST, Siemens SCL,
 * TwinCAT XML) the way VS Code would: vscode-textmate with the Oniguruma
 * regex engine, no VS Code needed.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";

import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(join(ROOT, "node_modules", "vscode-oniguruma", "release", "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName !== "source.iecst") {
        return null;
      }
      const path = join(ROOT, "syntaxes", "iecst.tmLanguage.json");
      return textmate.parseRawGrammar(readFileSync(path, "utf-8"), path);
    },
  });
  const loaded = await registry.loadGrammar("source.iecst");
  assert.ok(loaded, "the grammar loads");
  grammar = loaded;
});

function tokenize(file: string): Token[] {
  const tokens: Token[] = [];
  let stack = textmate.INITIAL;
  readFileSync(join(FIXTURES, file), "utf-8")
    .split("\n")
    .forEach((text, line) => {
      const result = grammar.tokenizeLine(text, stack);
      for (const token of result.tokens) {
        tokens.push({ line, text: text.slice(token.startIndex, token.endIndex), scopes: token.scopes });
      }
      stack = result.ruleStack;
    });
  return tokens;
}

/** The innermost scope of the first token whose text is `text` (optionally on `line`, 0-based). */
function scopeOf(tokens: Token[], text: string, line?: number): string {
  const token = tokens.find((t) => t.text === text && (line === undefined || t.line === line));
  assert.ok(token, `no token '${text}'`);
  return token.scopes[token.scopes.length - 1];
}

test("CODESYS ST: keywords, types, literals, addresses and comments", () => {
  const tokens = tokenize("pump.st");
  const expected: [string, string, number?][] = [
    ["FUNCTION_BLOCK", "storage.type.pou.iecst"],
    ["FB_Pump", "entity.name.function.iecst"],
    ["VAR_INPUT", "storage.modifier.var.iecst"],
    ["BOOL", "support.type.primitive.iecst"],
    ["// start request from the panel", "comment.line.double-slash.iecst"],
    ["T#2S", "constant.other.time.iecst"],
    ["%QX0.1", "variable.other.address.iecst"],
    ["TON", "support.class.function-block.iecst"],
    ["16#00FF", "constant.numeric.based.iecst"],
    ["1.5E3", "constant.numeric.float.iecst"],
    ["$N", "constant.character.escape.iecst"],
    ["AND_THEN", "keyword.operator.word.iecst"],
    [":=", "keyword.operator.assignment.iecst", 16],
    ["IF", "keyword.control.iecst"],
    ["<>", "keyword.operator.comparison.iecst"],
    ["TRUE", "constant.language.boolean.iecst"],
    ["S=", "keyword.operator.assignment.iecst"],
    ["END_IF", "keyword.control.iecst"],
    ["END_FUNCTION_BLOCK", "storage.type.pou.iecst"],
  ];
  for (const [text, scope, line] of expected) {
    assert.equal(scopeOf(tokens, text, line), scope, text);
  }
});

test("nested (* *) comments end at the matching close", () => {
  const tokens = tokenize("pump.st");
  const firstLine = tokens.filter((t) => t.line === 0);
  assert.ok(firstLine.every((t) => t.scopes.includes("comment.block.iecst")));
  assert.ok(tokens.filter((t) => t.line === 1).every((t) => !t.scopes.includes("comment.block.iecst")));
});

test("pragmas are not code", () => {
  const tokens = tokenize("pump.st");
  const pragma = tokens.filter((t) => t.line === 15);
  assert.ok(pragma.every((t) => t.scopes.some((s) => s.startsWith("meta.preprocessor.pragma"))));
});

test("Siemens SCL: quoted block names, #locals, REGION and BEGIN", () => {
  const tokens = tokenize("valve.scl");
  assert.equal(scopeOf(tokens, '"FB_Valve"'), "entity.name.function.iecst");
  assert.equal(scopeOf(tokens, "#open"), "variable.other.local.iecst");
  assert.equal(scopeOf(tokens, "REGION"), "keyword.control.iecst");
  assert.equal(scopeOf(tokens, "BEGIN"), "keyword.control.iecst");
  assert.equal(scopeOf(tokens, "Bool"), "support.type.primitive.iecst");
});

test("TwinCAT XML: tags stay XML, the ST inside CDATA is highlighted", () => {
  const tokens = tokenize("FB_Mixer.TcPOU");
  assert.equal(scopeOf(tokens, '<?xml version="1.0" encoding="utf-8"?>'), "meta.tag.preprocessor.xml");
  assert.ok(tokens.some((t) => t.text.startsWith("<POU ") && t.scopes.includes("meta.tag.xml")));
  const speed = tokens.find((t) => t.text === "INT");
  assert.ok(speed?.scopes.includes("meta.embedded.block.iecst"));
  assert.equal(speed?.scopes.at(-1), "support.type.primitive.iecst");
  assert.equal(scopeOf(tokens, ">", 9), "keyword.operator.comparison.iecst");
  assert.equal(scopeOf(tokens, "END_IF"), "keyword.control.iecst");
  const closing = tokens.find((t) => t.text.startsWith("</ST>"));
  assert.ok(closing && !closing.scopes.includes("meta.embedded.block.iecst"));
});
