/** A table with one column per engine: `rows` are [label, ...cells]. Plain text, pipe-friendly. */
export function sideBySide(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [['', ...headers], ...rows];
  const widths = all[0]!.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('   ').trimEnd();
  return [line(all[0]!), widths.map((width) => '─'.repeat(width)).join('   '), ...rows.map(line)];
}
