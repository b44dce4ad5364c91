// Fenced code blocks of a markdown page (shared by the docs suites).

export interface Block { lang: string; code: string; line: number }

/** Fenced code blocks of a markdown text, with the line of their opening fence. */
export function codeBlocks(md: string): Block[] {
  const out: Block[] = [];
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    out.push({ lang: open[1], code: body.join("\n"), line: start + 1 });
  }
  return out;
}
