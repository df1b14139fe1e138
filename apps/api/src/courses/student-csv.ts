import { BadRequestException } from '@nestjs/common';
import { localized, type LocalizedMessage } from '../errors/localized-message';

export interface StudentRow {
  email: string;
  name: string;
  studentNumber: string | null;
}

/** Most rows one import takes; a course has about 64 students. */
export const MAX_IMPORT_ROWS = 2000;

/** Splits one CSV line (RFC 4180 quoting: "a, b" and "" for a quote). */
function splitLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',' || char === ';') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields.map((value) => value.trim());
}

/**
 * A rejected row. The import is all or nothing, so the message states that nothing was imported
 * and which line to correct before sending the file again.
 */
function badLine(number: number, problem: LocalizedMessage): BadRequestException {
  return new BadRequestException(
    localized(
      `CSV line ${number}: ${problem.message}; nothing was imported: correct line ${number} ` +
        'and import the file again',
      `CSV rinda ${number}: ${problem.messageLv}; nekas netika importēts: izlabojiet rindu ` +
        `${number} un importējiet failu vēlreiz`,
    ),
  );
}

/**
 * Parses `email, name, student id` rows (comma or semicolon separated, as spreadsheets in
 * Latvian locales write them). A first line whose first field is "email" is a header. Errors
 * name the line.
 */
export function parseStudentCsv(text: string): StudentRow[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '');
  if (lines.length > 0 && splitLine(lines[0].line)[0].toLowerCase() === 'email') lines.shift();
  if (lines.length === 0) {
    throw new BadRequestException(
      localized(
        'the CSV has no rows: send lines of email, name, student id',
        'CSV failā nav rindu: nosūtiet rindas ar e-pastu, vārdu, studenta apliecības numuru',
      ),
    );
  }
  if (lines.length > MAX_IMPORT_ROWS) {
    throw new BadRequestException(
      localized(
        `the CSV has ${lines.length} rows; the limit is ${MAX_IMPORT_ROWS}`,
        `CSV failā ir ${lines.length} rindas; atļauts ne vairāk kā ${MAX_IMPORT_ROWS}`,
      ),
    );
  }
  const seen = new Set<string>();
  return lines.map(({ line, number }) => {
    const [email = '', name = '', studentNumber = ''] = splitLine(line);
    const address = email.toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      throw badLine(
        number,
        localized(
          `${JSON.stringify(email)} is not an e-mail address`,
          `${JSON.stringify(email)} nav e-pasta adrese`,
        ),
      );
    }
    if (!name) throw badLine(number, localized('the name is empty', 'vārds ir tukšs'));
    if (seen.has(address)) {
      throw badLine(
        number,
        localized(`${address} appears twice`, `${address} ir norādīta divreiz`),
      );
    }
    seen.add(address);
    return { email: address, name, studentNumber: studentNumber || null };
  });
}

/** Writes rows as CSV, quoting fields with commas, quotes or line breaks. */
export function toCsv(rows: string[][]): string {
  const quote = (value: string): string =>
    /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  return rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}
