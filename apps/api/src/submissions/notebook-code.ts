import { UnprocessableEntityException } from '@nestjs/common';
import { localized } from '../errors/localized-message';

/**
 * First line of a Python file made from a notebook. The harness reads it (and the cell markers
 * below it) to report errors as "kmeans.ipynb cell 3 line 2" instead of a line of the generated
 * file; see assignments/harness/dmlg_harness/errors.py.
 */
export const NOTEBOOK_HEADER = '# dmlg: converted from notebook';
/** Marker line before each code cell: `# dmlg: cell 3`, 1-based among all cells of the notebook. */
export const NOTEBOOK_CELL_MARKER = '# dmlg: cell';

interface NotebookCell {
  cell_type?: unknown;
  source?: unknown;
}

/**
 * Reduces a Jupyter notebook (nbformat 4) to a Python module: code cells only, in order, each
 * after a marker line naming its cell number. IPython syntax that is not Python is replaced by
 * `pass` at the same indentation, so the module still parses: line magics (`%matplotlib`),
 * shell escapes (`!pip install`), assignments from them (`x = !ls`), help (`np.sum?`), and whole
 * cells run by a cell magic (`%%bash`, `%%capture`).
 */
export function notebookToPython(fileName: string, content: Buffer): string {
  const shown = JSON.stringify(fileName);
  let notebook: unknown;
  try {
    notebook = JSON.parse(content.toString('utf8'));
  } catch (error) {
    throw new UnprocessableEntityException(
      localized(
        `notebook ${shown} is not valid JSON (${(error as Error).message}); save it from Jupyter again`,
        `Piezīmju grāmatiņa ${shown} nav derīgs JSON (${(error as Error).message}); saglabājiet to no Jupyter vēlreiz`,
      ),
    );
  }
  const cells = (notebook as { cells?: unknown } | null)?.cells;
  if (!Array.isArray(cells)) {
    throw new UnprocessableEntityException(
      localized(
        `notebook ${shown} has no "cells" list; upload a Jupyter notebook in nbformat 4`,
        `Piezīmju grāmatiņai ${shown} nav saraksta "cells"; augšupielādējiet Jupyter piezīmju grāmatiņu nbformat 4 formātā`,
      ),
    );
  }

  const lines = [`${NOTEBOOK_HEADER} ${fileName}`];
  cells.forEach((cell: NotebookCell, index) => {
    if (cell?.cell_type !== 'code') return;
    const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    if (typeof source !== 'string') {
      throw new UnprocessableEntityException(
        localized(
          `notebook ${shown} cell ${index + 1} has no source text; save the notebook from Jupyter again`,
          `Piezīmju grāmatiņas ${shown} šūnai ${index + 1} nav pirmteksta; saglabājiet piezīmju grāmatiņu no Jupyter vēlreiz`,
        ),
      );
    }
    lines.push(`${NOTEBOOK_CELL_MARKER} ${index + 1}`);
    const cellLines = source.split(/\r?\n/);
    if (/^\s*%%/.test(cellLines[0] ?? '')) {
      // The whole cell is input to the magic (a shell script, an HTML block), not Python.
      lines.push(...cellLines.map((_, lineIndex) => (lineIndex === 0 ? 'pass' : '')));
      return;
    }
    for (const line of cellLines) {
      lines.push(isIPythonOnly(line) ? `${indentOf(line)}pass` : line);
    }
  });
  return `${lines.join('\n')}\n`;
}

/** True for lines that only IPython understands: `%magic`, `!shell`, `x = !shell`, `obj?`. */
function isIPythonOnly(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.startsWith('%') || trimmed.startsWith('!')) return true;
  if (/^[A-Za-z_][\w, ]*=\s*[!%]/.test(trimmed)) return true;
  return /^[A-Za-z_][\w.]*\?{1,2}$/.test(trimmed);
}

function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? '';
}
