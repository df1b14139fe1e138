/**
 * Quotes one word for a POSIX shell: the word inside single quotes, each `'` written as `'\''`.
 * Every value that reaches a remote shell (paths, environment values, commands) goes through it.
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) {
    throw new Error(`cannot pass a NUL byte to a shell: ${JSON.stringify(word)}`);
  }
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) {
    return word;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quotes each word and joins them with spaces into one command line. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
