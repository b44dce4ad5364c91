/**
 * The code editor: a textarea over a backdrop that mirrors its text, so an error's line can be tinted and
 * its span underlined without a code-editor library; a gutter with line numbers (the error's in red).
 */
export interface Mark {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

const escape = (s: string) => s.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);

export class Editor {
  private marks: Mark[] = [];

  constructor(readonly textarea: HTMLTextAreaElement, private backdrop: HTMLElement, private gutter: HTMLElement) {
    textarea.addEventListener("input", () => { this.marks = []; this.paint(); });
    textarea.addEventListener("scroll", () => this.syncScroll());
    textarea.addEventListener("keydown", (e) => {
      if (e.key !== "Tab" || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      textarea.setRangeText("  ", textarea.selectionStart, textarea.selectionEnd, "end");
      this.paint();
    });
  }

  get value(): string { return this.textarea.value; }

  set value(v: string) {
    this.textarea.value = v;
    this.marks = [];
    this.paint();
    this.textarea.scrollTop = 0;
  }

  /** Highlights the lines and spans of errors (empty: clears). */
  mark(marks: Mark[]): void {
    this.marks = marks;
    this.paint();
    const first = marks[0];
    if (first) this.reveal(first.line);
  }

  /** Scrolls so that `line` is visible. */
  reveal(line: number): void {
    const lineHeight = parseFloat(getComputedStyle(this.textarea).lineHeight) || 18;
    const top = (line - 1) * lineHeight;
    if (top < this.textarea.scrollTop || top > this.textarea.scrollTop + this.textarea.clientHeight - 2 * lineHeight)
      this.textarea.scrollTop = Math.max(0, top - this.textarea.clientHeight / 3);
    this.syncScroll();
  }

  private paint(): void {
    const lines = this.textarea.value.split("\n");
    const bad = new Set(this.marks.map((m) => m.line));
    this.gutter.innerHTML = lines.map((_, i) => (bad.has(i + 1) ? `<span class="err">${i + 1}</span>` : String(i + 1))).join("\n") + "\n";
    this.backdrop.innerHTML = lines.map((text, i) => {
      const m = this.marks.find((k) => k.line === i + 1);
      if (!m) return escape(text) || " ";
      const from = Math.max(0, m.col - 1), to = m.endLine === m.line ? Math.max(from + 1, m.endCol) : text.length;
      const body = `${escape(text.slice(0, from))}<mark>${escape(text.slice(from, to)) || " "}</mark>${escape(text.slice(to))}`;
      return `<span class="err-line">${body}</span>`;
    }).join("\n") + "\n";
    this.syncScroll();
  }

  private syncScroll(): void {
    this.backdrop.scrollTop = this.textarea.scrollTop;
    this.backdrop.scrollLeft = this.textarea.scrollLeft;
    this.gutter.scrollTop = this.textarea.scrollTop;
  }
}
