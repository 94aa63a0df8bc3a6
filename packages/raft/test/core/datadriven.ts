/**
 * A tiny etcd-style data-driven test format. A file is a sequence of cases:
 *
 *   # comments (kept on rewrite)
 *   command arg key=value
 *   ----
 *   expected output (no blank lines; ends at a blank line or the end of the file)
 *
 * `runFile` runs every case through `run` and returns the file with the actual outputs, so the
 * caller can compare it with the original or write it back (RILL_REWRITE=1).
 */
export interface Case {
  readonly comments: string[];
  readonly command: string;
  readonly args: string[];
  readonly line: number;
  readonly expected: string;
}

export function parse(text: string): Case[] {
  const lines = text.split("\n");
  const cases: Case[] = [];
  let comments: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = (lines[i] as string).trimEnd();
    if (line === "") {
      i++;
      continue;
    }
    if (line.startsWith("#")) {
      comments.push(line);
      i++;
      continue;
    }
    const [command, ...args] = line.split(/\s+/);
    if (lines[i + 1]?.trimEnd() !== "----") throw new Error(`line ${i + 1}: expected ---- after the command`);
    const expected: string[] = [];
    let j = i + 2;
    while (j < lines.length && (lines[j] as string).trimEnd() !== "") {
      expected.push((lines[j] as string).trimEnd());
      j++;
    }
    cases.push({ comments, command: command as string, args, line: i + 1, expected: expected.join("\n") });
    comments = [];
    i = j;
  }
  return cases;
}

export function render(cases: readonly Case[], outputs: readonly string[]): string {
  const blocks = cases.map((c, k) => {
    const head = [...c.comments, [c.command, ...c.args].join(" "), "----"];
    const out = outputs[k] ?? "";
    return [...head, ...(out === "" ? [] : [out])].join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}
