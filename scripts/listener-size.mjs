#!/usr/bin/env node
/**
 * How big are the listeners? `node scripts/listener-size.mjs [dir] [--limit 25] [--list]`
 *
 * Two counts per file under `dir` (default `src/listeners`), both in "logic lines": lines that are
 * not blank, not comments and not part of an import/export-from statement.
 * - file: every logic line in the file;
 * - callback: the largest callback registered with `r.command|view|action|shortcut|event(…)`
 *   (the function passed to the registry), plus any exported `SubcommandHandler` arrow.
 * Prints how many files go over `--limit` by each measure; `--list` prints every file's figures.
 * Uses the TypeScript parser, so braces inside strings or templates can't skew the count.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a)) ?? "src/listeners";
const limitAt = args.indexOf("--limit");
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 25;
const list = args.includes("--list");

const files = (d) =>
  readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });

/** Line numbers (0-based) covered by comments or import/re-export statements. */
function excludedLines(source, text) {
  const excluded = new Set();
  const mark = (start, end) => {
    const a = source.getLineAndCharacterOfPosition(start).line;
    const b = source.getLineAndCharacterOfPosition(end).line;
    for (let l = a; l <= b; l++) excluded.add(l);
  };
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t === ts.SyntaxKind.SingleLineCommentTrivia || t === ts.SyntaxKind.MultiLineCommentTrivia) {
      mark(scanner.getTokenStart(), scanner.getTokenEnd());
    }
  }
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) || (ts.isExportDeclaration(st) && st.moduleSpecifier)) {
      mark(st.getStart(source), st.getEnd());
    }
  }
  return excluded;
}

/** Logic lines between two positions: non-blank, and not entirely a comment or import. */
function logicLines(source, lines, excluded, start, end) {
  const a = source.getLineAndCharacterOfPosition(start).line;
  const b = source.getLineAndCharacterOfPosition(end).line;
  let n = 0;
  for (let l = a; l <= b; l++) {
    const line = lines[l] ?? "";
    if (line.trim() === "") continue;
    if (excluded.has(l) && !hasCodeOutsideComment(line)) continue;
    n++;
  }
  return n;
}

/** A line like `foo(); // why` still counts; `// why` or ` * why` does not. */
function hasCodeOutsideComment(line) {
  const t = line.trim();
  if (t.startsWith("//") || t.startsWith("*") || t.startsWith("/*")) return false;
  if (t.startsWith("import ") || t.startsWith("} from ") || t.startsWith("export {")) return false;
  return /^[^/]*\S\s*\/[/*]/.test(t);
}

const REGISTRY_METHODS = new Set(["command", "view", "action", "shortcut", "event"]);

function callbacks(source) {
  const found = [];
  const visit = (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      REGISTRY_METHODS.has(node.expression.name.text)
    ) {
      const fn = node.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
      if (fn) found.push(fn);
    }
    if (
      ts.isVariableDeclaration(node) &&
      node.type &&
      /SubcommandHandler/.test(node.type.getText(source)) &&
      node.initializer
    ) {
      found.push(node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const rows = files(dir).map((path) => {
  const text = readFileSync(path, "utf8");
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const lines = text.split("\n");
  const excluded = excludedLines(source, text);
  const file = logicLines(source, lines, excluded, 0, text.length);
  const callback = Math.max(
    0,
    ...callbacks(source).map((fn) => logicLines(source, lines, excluded, fn.getStart(source), fn.getEnd())),
  );
  return { path: relative(process.cwd(), path), file, callback };
});

if (list) {
  for (const r of rows.sort((a, b) => b.file - a.file)) {
    console.log(`${String(r.file).padStart(4)} ${String(r.callback).padStart(4)}  ${r.path}`);
  }
  console.log("file callback  path");
}
const overFile = rows.filter((r) => r.file > limit).length;
const overCallback = rows.filter((r) => r.callback > limit).length;
console.log(
  `${rows.length} listener files; ${overFile} with more than ${limit} logic lines; ${overCallback} with a registered callback of more than ${limit} logic lines`,
);
