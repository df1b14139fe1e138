import { tokenizePython, type PythonToken } from './python-tokenizer';

/** A token reduced to what survives renaming and reformatting, with where it came from. */
export interface NormalizedToken {
  /** `N` for any name, `1` for any number, `S` for any string; keywords and operators as written. */
  symbol: string;
  /** Index of the source file in the submission's file list. */
  file: number;
  line: number;
}

/** One source file of a submission. */
export interface SourceFile {
  path: string;
  content: string;
}

/**
 * Tokenises a submission's files in the given order and normalises the tokens: every identifier
 * becomes `N`, every number `1` and every string `S`, so renaming variables, functions and
 * classes, or changing constants and messages, leaves the sequence unchanged. Comments and
 * whitespace are gone already; docstrings and other string-only statements are dropped here.
 * Keywords, operators and the `newline`/`indent`/`dedent` structure stay as they are.
 */
export function normalizeSubmission(files: readonly SourceFile[]): NormalizedToken[] {
  const result: NormalizedToken[] = [];
  files.forEach((file, fileIndex) => {
    for (const token of dropStringStatements(tokenizePython(file.content))) {
      result.push({ symbol: symbolOf(token), file: fileIndex, line: token.line });
    }
  });
  return result;
}

function symbolOf(token: PythonToken): string {
  switch (token.kind) {
    case 'name':
      return 'N';
    case 'number':
      return '1';
    case 'string':
      return 'S';
    case 'newline':
      return '\\n';
    case 'indent':
      return '>';
    case 'dedent':
      return '<';
    case 'keyword':
    case 'operator':
    case 'error':
      return token.text;
  }
}

/**
 * Removes logical lines that contain only string literals (docstrings, and strings used as
 * block comments), with their `newline`. The indentation tokens around them stay, so the block
 * structure of the rest is unchanged.
 */
function dropStringStatements(tokens: readonly PythonToken[]): PythonToken[] {
  const kept: PythonToken[] = [];
  let lineStart = 0;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token.kind === 'indent' || token.kind === 'dedent') {
      kept.push(token);
      lineStart = index + 1;
      continue;
    }
    if (token.kind !== 'newline') continue;
    const statement = tokens.slice(lineStart, index + 1);
    const onlyStrings = statement.every(
      (item) => item.kind === 'string' || item.kind === 'newline',
    );
    if (!onlyStrings) kept.push(...statement);
    lineStart = index + 1;
  }
  kept.push(...tokens.slice(lineStart));
  return kept;
}
