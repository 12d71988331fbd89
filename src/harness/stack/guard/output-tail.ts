/** Keeps the last lines a process wrote, to explain a failed start without holding its whole log. */
export class OutputTail {
  private text = '';

  constructor(private readonly maxChars = 4_000) {}

  append(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.maxChars);
  }

  toString(): string {
    return this.text.trimEnd();
  }
}
