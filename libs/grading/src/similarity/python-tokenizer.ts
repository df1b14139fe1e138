/** Kind of a Python token, after the lexical rules of the Python 3 reference (section 2). */
export type PythonTokenKind =
  'name' | 'keyword' | 'number' | 'string' | 'operator' | 'newline' | 'indent' | 'dedent' | 'error';

/** One token with the 1-based source line it starts on. */
export interface PythonToken {
  kind: PythonTokenKind;
  text: string;
  line: number;
}

/** Hard keywords of Python 3.12; soft keywords (`match`, `case`, `type`) stay names. */
const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/** Operators and delimiters, longest first so that the first match is the longest one. */
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '@',
  '&',
  '|',
  '^',
  '~',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  ';',
  '=',
];

const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER =
  /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?)/y;
/** String prefixes (case-insensitive): r, u, b, f and the two-letter combinations of r with b or f. */
const STRING_PREFIX = /(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?(?='|")/y;

/**
 * Splits Python source into tokens the way CPython's tokenizer does for well-formed code:
 * comments and blank lines produce nothing, line joins inside brackets and after a backslash
 * produce no `newline`, and indentation changes produce `indent`/`dedent` tokens. A string
 * literal, docstrings included, is one `string` token; an f-string is one token too, without
 * tokenising its replacement fields.
 *
 * It never throws: similarity reports must work on code that does not parse, so an unterminated
 * string runs to the end of the file and an unknown character becomes an `error` token.
 */
export function tokenizePython(source: string): PythonToken[] {
  const tokens: PythonToken[] = [];
  const indents = [0];
  let position = 0;
  let line = 1;
  let bracketDepth = 0;
  let atLineStart = true;

  const emit = (kind: PythonTokenKind, text: string, tokenLine = line): void => {
    tokens.push({ kind, text, line: tokenLine });
  };
  const endLogicalLine = (): void => {
    const last = tokens.at(-1);
    if (last && last.kind !== 'newline' && last.kind !== 'indent' && last.kind !== 'dedent') {
      emit('newline', '', last.line);
    }
  };

  while (position < source.length) {
    if (atLineStart && bracketDepth === 0) {
      // Measure the indentation; a tab advances to the next multiple of 8 as in CPython.
      let column = 0;
      while (position < source.length) {
        const char = source[position];
        if (char === ' ') column += 1;
        else if (char === '\t') column = (Math.floor(column / 8) + 1) * 8;
        else if (char === '\f') column = 0;
        else break;
        position += 1;
      }
      atLineStart = false;
      const next = source[position];
      const blank =
        next === undefined || next === '\n' || next === '\r' || next === '#' || next === '\\';
      if (!blank) {
        if (column > (indents.at(-1) ?? 0)) {
          indents.push(column);
          emit('indent', '');
        }
        while (column < (indents.at(-1) ?? 0)) {
          indents.pop();
          emit('dedent', '');
        }
      }
      continue;
    }

    const char = source[position];
    if (char === '\n' || char === '\r') {
      position += char === '\r' && source[position + 1] === '\n' ? 2 : 1;
      if (bracketDepth === 0) endLogicalLine();
      line += 1;
      atLineStart = true;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\f') {
      position += 1;
      continue;
    }
    if (char === '#') {
      while (position < source.length && source[position] !== '\n' && source[position] !== '\r') {
        position += 1;
      }
      continue;
    }
    if (char === '\\' && (source[position + 1] === '\n' || source[position + 1] === '\r')) {
      // An explicit line join: the next physical line continues this logical line.
      position += source[position + 1] === '\r' && source[position + 2] === '\n' ? 3 : 2;
      line += 1;
      continue;
    }

    STRING_PREFIX.lastIndex = position;
    const prefix = STRING_PREFIX.exec(source);
    if (prefix) {
      const end = stringEnd(source, position + prefix[0].length);
      const text = source.slice(position, end);
      emit('string', text);
      line += countLineBreaks(text);
      position = end;
      continue;
    }

    NAME.lastIndex = position;
    const name = NAME.exec(source);
    if (name) {
      emit(KEYWORDS.has(name[0]) ? 'keyword' : 'name', name[0]);
      position += name[0].length;
      continue;
    }

    NUMBER.lastIndex = position;
    const number = NUMBER.exec(source);
    if (number && number[0].length > 0) {
      emit('number', number[0]);
      position += number[0].length;
      continue;
    }

    const operator = OPERATORS.find((candidate) => source.startsWith(candidate, position));
    if (operator) {
      if (operator === '(' || operator === '[' || operator === '{') bracketDepth += 1;
      if ((operator === ')' || operator === ']' || operator === '}') && bracketDepth > 0) {
        bracketDepth -= 1;
      }
      emit('operator', operator);
      position += operator.length;
      continue;
    }

    const codePoint = String.fromCodePoint(source.codePointAt(position) ?? 0);
    emit('error', codePoint);
    position += codePoint.length;
  }

  endLogicalLine();
  const lastLine = tokens.at(-1)?.line ?? 1;
  while (indents.length > 1) {
    indents.pop();
    emit('dedent', '', lastLine);
  }
  return tokens;
}

/** Index just past the string literal whose opening quote is at `quoteAt`. */
function stringEnd(source: string, quoteAt: number): number {
  const quote = source[quoteAt];
  const triple = source.startsWith(quote.repeat(3), quoteAt);
  const closing = triple ? quote.repeat(3) : quote;
  let position = quoteAt + closing.length;
  while (position < source.length) {
    const char = source[position];
    if (char === '\\') {
      position += 2;
      continue;
    }
    if (!triple && (char === '\n' || char === '\r')) return position;
    if (source.startsWith(closing, position)) return position + closing.length;
    position += 1;
  }
  return source.length;
}

function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}
