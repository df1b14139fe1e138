import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenizePython } from './python-tokenizer';

const kinds = (source: string): string[] =>
  tokenizePython(source).map((token) => `${token.kind}:${token.text}`);

describe('tokenizePython', () => {
  it('drops comments and blank lines', () => {
    assert.deepEqual(kinds('x = 1  # one\n\n# alone\n'), [
      'name:x',
      'operator:=',
      'number:1',
      'newline:',
    ]);
  });

  it('emits indent and dedent', () => {
    assert.deepEqual(kinds('if a:\n    b\nc\n'), [
      'keyword:if',
      'name:a',
      'operator::',
      'newline:',
      'indent:',
      'name:b',
      'newline:',
      'dedent:',
      'name:c',
      'newline:',
    ]);
  });

  it('joins lines inside brackets', () => {
    const tokens = tokenizePython('f(a,\n  b)\n');
    assert.equal(tokens.filter((token) => token.kind === 'newline').length, 1);
    assert.equal(tokens.find((token) => token.text === 'b')?.line, 2);
  });

  it('joins lines after a backslash', () => {
    const tokens = tokenizePython('x = 1 + \\\n    2\n');
    assert.equal(tokens.filter((token) => token.kind === 'newline').length, 1);
    assert.equal(tokens.filter((token) => token.kind === 'indent').length, 0);
  });

  it('reads triple-quoted strings as one token', () => {
    const tokens = tokenizePython('s = """a\n"b"\nc"""\nt = 2\n');
    assert.equal(tokens[2].kind, 'string');
    assert.equal(tokens[2].text, '"""a\n"b"\nc"""');
    assert.equal(tokens.find((token) => token.text === 't')?.line, 4);
  });

  it('reads prefixed strings and escapes', () => {
    assert.deepEqual(kinds(`rb'\\'' f"{x}"`), [`string:rb'\\''`, 'string:f"{x}"', 'newline:']);
  });

  it('reads numbers of every form', () => {
    const source = '0x1F 0o17 0b1_0 1_000 3.5e-2 .5 1. 2j';
    assert.deepEqual(
      tokenizePython(source)
        .filter((token) => token.kind === 'number')
        .map((token) => token.text),
      ['0x1F', '0o17', '0b1_0', '1_000', '3.5e-2', '.5', '1.', '2j'],
    );
  });

  it('takes the longest operator', () => {
    assert.deepEqual(kinds('a **= b // c -> d'), [
      'name:a',
      'operator:**=',
      'name:b',
      'operator://',
      'name:c',
      'operator:->',
      'name:d',
      'newline:',
    ]);
  });

  it('separates keywords from names', () => {
    assert.deepEqual(kinds('lambda match: None'), [
      'keyword:lambda',
      'name:match',
      'operator::',
      'keyword:None',
      'newline:',
    ]);
  });

  it('reads non-ASCII names', () => {
    assert.deepEqual(kinds('vērtība = 1'), ['name:vērtība', 'operator:=', 'number:1', 'newline:']);
  });

  it('survives an unterminated string', () => {
    assert.deepEqual(kinds('x = "open\ny = 2'), [
      'name:x',
      'operator:=',
      'string:"open',
      'newline:',
      'name:y',
      'operator:=',
      'number:2',
      'newline:',
    ]);
  });

  it('marks unknown characters as errors', () => {
    assert.deepEqual(kinds('a $ b'), ['name:a', 'error:$', 'name:b', 'newline:']);
  });

  it('closes open blocks at the end', () => {
    const tokens = tokenizePython('def f():\n    return 1');
    assert.deepEqual(
      tokens.slice(-2).map((token) => token.kind),
      ['newline', 'dedent'],
    );
    assert.equal(tokens.at(-1)?.line, 2);
  });
});
