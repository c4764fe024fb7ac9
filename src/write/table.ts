import { createRequire } from 'node:module';
import type TableConstructor from 'cli-table3';
import { cellText } from './delimited.js';

export interface TableOptions {
  head: readonly string[];
  /** Per-column alignment; numbers usually right. */
  align?: readonly ('left' | 'right' | 'center')[];
  /** Borders and colour only for terminals; plain output otherwise. */
  decorate: boolean;
  /** Column widths; absent ones size to their content. */
  widths?: readonly (number | null)[];
}

let Table: typeof TableConstructor | null = null;

/** cli-table3 and its dependencies load on the first table: JSON, NDJSON and TSV runs skip them. */
function loadTable(): typeof TableConstructor {
  if (Table === null) {
    // Each require in the form scripts/bundle.mjs turns into the bundle's own require.
    Table = createRequire(import.meta.url)('cli-table3') as typeof TableConstructor;
    // cli-table3 colours through @colors/colors, which guesses from the real process (and turns
    // colour off whenever CI is set); whether to decorate is decided by --color, so it is told.
    try {
      (createRequire(import.meta.url)('@colors/colors/safe') as { enable(): void }).enable();
    } catch {
      // An optional dependency of cli-table3: without it, tables have no colour at all.
    }
  }
  return Table;
}

/** Renders rows with cli-table3. Cells are single-line: newlines in values are shown as ⏎. */
export function renderTable(rows: readonly (readonly unknown[])[], options: TableOptions): string {
  const plainChars = {
    top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
    bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
    left: '', 'left-mid': '', mid: '', 'mid-mid': '',
    right: '', 'right-mid': '', middle: '  ',
  };
  const table = new (loadTable())({
    head: [...options.head],
    style: { head: options.decorate ? ['cyan'] : [], border: options.decorate ? ['grey'] : [], 'padding-left': options.decorate ? 1 : 0, 'padding-right': options.decorate ? 1 : 0 },
    // No rule between rows: long listings stay one line per row.
    chars: options.decorate ? { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } : plainChars,
    ...(options.align ? { colAligns: [...options.align] } : {}),
    ...(options.widths ? { colWidths: [...options.widths] } : {}),
    wordWrap: false,
  });
  // Cells stay on one line: newlines and tabs would break the columns.
  for (const row of rows) table.push(row.map((cell) => cellText(cell).replace(/\r?\n/g, '⏎').replace(/\t/g, ' ')));
  const text = table.toString();
  // Plain tables are padded to the widest cell; trailing blanks only get in the way of grep and diff.
  return `${options.decorate ? text : text.replace(/ +$/gm, '')}\n`;
}
