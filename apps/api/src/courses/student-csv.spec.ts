import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BadRequestException } from '@nestjs/common';
import { parseStudentCsv, toCsv } from './student-csv';

describe('parseStudentCsv', () => {
  it('skips the header', () => {
    const rows = parseStudentCsv('email,name,student_id\nAnna@Example.edu,Anna Bērziņa,ab123\n');
    assert.deepEqual(rows, [
      { email: 'anna@example.edu', name: 'Anna Bērziņa', studentNumber: 'ab123' },
    ]);
  });

  it('reads semicolons and quotes', () => {
    const rows = parseStudentCsv('"b@x.lv";"Bērziņš, Jānis"');
    assert.deepEqual(rows, [{ email: 'b@x.lv', name: 'Bērziņš, Jānis', studentNumber: null }]);
  });

  it('names a bad line and says nothing was imported', () => {
    assert.throws(
      () => parseStudentCsv('a@x.lv,A\nnot-mail,B'),
      (error: BadRequestException) => {
        const body = error.getResponse() as { message: string; messageLv: string };
        assert.match(body.message, /^CSV line 2: "not-mail" is not an e-mail address/);
        assert.match(body.message, /nothing was imported: correct line 2/);
        assert.match(body.messageLv, /nekas netika importēts: izlabojiet rindu 2/);
        return true;
      },
    );
  });

  it('rejects duplicates', () => {
    assert.throws(() => parseStudentCsv('a@x.lv,A\nA@x.lv,B'), /appears twice/);
  });
});

describe('toCsv', () => {
  it('quotes commas', () => {
    assert.equal(toCsv([['a', 'b, c']]), 'a,"b, c"\r\n');
  });
});
