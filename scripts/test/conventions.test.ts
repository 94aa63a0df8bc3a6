/**
 * House conventions the linters do not check. Privacy: class members are private with ECMAScript
 * `#names` (enforced at run time, no clash with a public accessor of the same name), never with
 * TypeScript's `private` keyword, except `private constructor` (which has no `#` form).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/** Where `source` uses TypeScript's `private` on anything but a constructor, as "line: text". */
function privateKeywordUses(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const uses: string[] = [];
  const visit = (node: ts.Node): void => {
    if (!ts.isConstructorDeclaration(node) && ts.canHaveModifiers(node)) {
      const keyword = ts
        .getModifiers(node)
        ?.find((modifier) => modifier.kind === ts.SyntaxKind.PrivateKeyword);
      if (keyword !== undefined) {
        const { line } = file.getLineAndCharacterOfPosition(keyword.getStart(file));
        uses.push(`${fileName}:${line + 1}: ${node.getText(file).split("\n")[0]}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses;
}

describe("conventions", () => {
  it("finds `private` members and parameter properties, and leaves `#` members and private constructors alone", () => {
    const source = [
      "class A {",
      "  private x = 1;",
      "  #y = 2;",
      "  private constructor(private readonly z: number) {}",
      "  private static make(): A { return new A(1); }",
      "}",
    ].join("\n");
    expect(privateKeywordUses("a.ts", source).map((use) => use.split(":")[1])).toEqual(["2", "4", "5"]);
  });

  it("writes privacy as #names across the tree", () => {
    const files = execFileSync("git", ["ls-files", "packages", "apps", "scripts"], {
      cwd: root,
      encoding: "utf8",
    })
      .split("\n")
      .filter((file) => /\.m?ts$/.test(file) && !file.endsWith(".d.ts") && !file.includes("/generated/"));
    expect(files.length).toBeGreaterThan(100);
    const uses = files.flatMap((file) => privateKeywordUses(file, readFileSync(join(root, file), "utf8")));
    expect(uses).toEqual([]);
  });
});
