import { NpyFormatError } from './npy-error';

/** The three keys of a .npy header dict. */
export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

type PythonValue = string | boolean | number[];

/**
 * Parses a .npy header: a Python dict literal with exactly the keys 'descr', 'fortran_order'
 * and 'shape', followed only by spaces and newlines. It accepts only what numpy writes:
 * quoted strings without escapes, True/False, and tuples of non-negative integers. Nothing is
 * evaluated.
 */
export function parseNpyHeader(text: string): NpyHeader {
  const parser = new HeaderParser(text);
  const entries = parser.parseDict();
  parser.expectOnlyPadding();

  const keys = Object.keys(entries).sort();
  if (keys.join(',') !== 'descr,fortran_order,shape') {
    throw new NpyFormatError(
      `header must have exactly the keys 'descr', 'fortran_order' and 'shape', got ${keys.map((key) => `'${key}'`).join(', ') || 'none'}`,
    );
  }
  const descr = entries.descr;
  if (typeof descr !== 'string') {
    throw new NpyFormatError(`header 'descr' must be a string, got ${JSON.stringify(descr)}`);
  }
  if (typeof entries.fortran_order !== 'boolean') {
    throw new NpyFormatError(
      `header 'fortran_order' must be True or False, got ${JSON.stringify(entries.fortran_order)}`,
    );
  }
  if (!Array.isArray(entries.shape)) {
    throw new NpyFormatError(
      `header 'shape' must be a tuple of integers, got ${JSON.stringify(entries.shape)}`,
    );
  }
  return { descr, fortranOrder: entries.fortran_order, shape: entries.shape };
}

class HeaderParser {
  private position = 0;

  constructor(private readonly text: string) {}

  parseDict(): Record<string, PythonValue> {
    this.skipSpaces();
    this.expect('{');
    const entries: Record<string, PythonValue> = {};
    for (;;) {
      this.skipSpaces();
      if (this.peek() === '}') {
        this.position++;
        return entries;
      }
      const key = this.parseString();
      if (Object.hasOwn(entries, key)) {
        throw new NpyFormatError(`header has the key '${key}' twice`);
      }
      this.skipSpaces();
      this.expect(':');
      this.skipSpaces();
      entries[key] = this.parseValue(key);
      this.skipSpaces();
      if (this.peek() === ',') {
        this.position++;
      } else if (this.peek() !== '}') {
        throw this.unexpected("',' or '}'");
      }
    }
  }

  /** After the dict numpy writes only spaces and a final newline. */
  expectOnlyPadding(): void {
    const rest = this.text.slice(this.position);
    if (!/^[ \n]*$/.test(rest)) {
      throw new NpyFormatError(
        `header has text after the dict: ${JSON.stringify(rest.trim().slice(0, 40))}`,
      );
    }
  }

  private parseValue(key: string): PythonValue {
    const next = this.peek();
    if (next === "'" || next === '"') {
      return this.parseString();
    }
    if (next === '(') {
      return this.parseTuple(key);
    }
    if (next === '[') {
      // A list is numpy's notation for a structured dtype, the only place a header has one.
      throw new NpyFormatError(
        'structured (record) dtypes are not supported; save a plain numeric array',
      );
    }
    for (const [word, value] of [
      ['True', true],
      ['False', false],
    ] as const) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return value;
      }
    }
    throw this.unexpected(`a string, tuple, True or False as the value of '${key}'`);
  }

  private parseString(): string {
    const quote = this.peek();
    if (quote !== "'" && quote !== '"') {
      throw this.unexpected('a quoted string');
    }
    const end = this.text.indexOf(quote, this.position + 1);
    if (end < 0) {
      throw new NpyFormatError(`header has an unterminated string at offset ${this.position}`);
    }
    const value = this.text.slice(this.position + 1, end);
    if (value.includes('\\')) {
      throw new NpyFormatError(
        `header strings with escape sequences are not supported, got ${JSON.stringify(value)}`,
      );
    }
    this.position = end + 1;
    return value;
  }

  /** Parses a tuple of non-negative integers such as `()`, `(3,)` or `(3, 4,)`. `(3)` is an int, not a tuple. */
  private parseTuple(key: string): number[] {
    this.expect('(');
    const items: number[] = [];
    let sawComma = false;
    for (;;) {
      this.skipSpaces();
      if (this.peek() === ')') {
        this.position++;
        break;
      }
      const match = /^-?\d+/.exec(this.text.slice(this.position, this.position + 32));
      if (match === null) {
        throw this.unexpected(`an integer in the tuple '${key}'`);
      }
      const item = Number(match[0]);
      if (!Number.isSafeInteger(item) || item < 0) {
        throw new NpyFormatError(
          `header '${key}' entries must be non-negative integers below 2^53, got ${match[0]}`,
        );
      }
      items.push(item);
      this.position += match[0].length;
      this.skipSpaces();
      if (this.peek() === ',') {
        this.position++;
        sawComma = true;
      } else if (this.peek() !== ')') {
        throw this.unexpected(`',' or ')' in the tuple '${key}'`);
      }
    }
    if (items.length === 1 && !sawComma) {
      throw new NpyFormatError(
        `header '${key}' must be a tuple; write (${items[0]},) for one dimension`,
      );
    }
    return items;
  }

  private skipSpaces(): void {
    while (this.peek() === ' ') this.position++;
  }

  private peek(): string {
    return this.text.charAt(this.position);
  }

  private expect(char: string): void {
    if (this.peek() !== char) {
      throw this.unexpected(`'${char}'`);
    }
    this.position++;
  }

  private unexpected(expected: string): NpyFormatError {
    const found =
      this.position < this.text.length
        ? JSON.stringify(this.text.slice(this.position, this.position + 20))
        : 'the end';
    return new NpyFormatError(
      `header is not a plain dict literal: expected ${expected} at offset ${this.position}, found ${found}`,
    );
  }
}

/** Formats a header dict exactly as numpy 1.24's `_write_array_header` does (keys sorted). */
export function formatNpyHeader(header: NpyHeader): string {
  const shape =
    header.shape.length === 1 ? `(${header.shape[0]},)` : `(${header.shape.join(', ')})`;
  const dict = `{'descr': '${header.descr}', 'fortran_order': ${header.fortranOrder ? 'True' : 'False'}, 'shape': ${shape}, }`;
  // numpy leaves room to grow the first axis in place: 21 digits minus the digits it uses now.
  const growthAxis =
    header.shape.length === 0
      ? undefined
      : header.shape[header.fortranOrder ? header.shape.length - 1 : 0];
  const spare = growthAxis === undefined ? 0 : Math.max(0, 21 - String(growthAxis).length);
  return dict + ' '.repeat(spare);
}
