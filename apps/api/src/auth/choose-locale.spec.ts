import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestException } from '@nestjs/common';
import { chooseLocale, chooseRequestedLocale } from './choose-locale';

describe('chooseLocale', () => {
  it('falls back past an unknown lang', () => {
    assert.equal(chooseLocale('de', 'lv-LV,en;q=0.8', 'en'), 'lv');
    assert.equal(chooseLocale('de', undefined, 'en'), 'en');
  });
});

describe('chooseRequestedLocale', () => {
  it('takes lang, then Accept-Language, then the account', () => {
    assert.equal(chooseRequestedLocale('lv', 'en', 'en'), 'lv');
    assert.equal(chooseRequestedLocale(undefined, 'lv', 'en'), 'lv');
    assert.equal(chooseRequestedLocale(undefined, undefined, 'lv'), 'lv');
  });

  it('rejects an undeclared lang, naming it and the allowed ones', () => {
    assert.throws(
      () => chooseRequestedLocale('de', 'lv', 'en'),
      (error: unknown) => {
        assert.ok(error instanceof BadRequestException);
        const body = error.getResponse() as { message: string; messageLv: string };
        assert.equal(
          body.message,
          'lang "de" is not supported: send lang=en or lang=lv, or leave it out',
        );
        assert.match(body.messageLv, /lang "de" netiek atbalstīta/);
        return true;
      },
    );
  });

  it('rejects an empty lang', () => {
    assert.throws(() => chooseRequestedLocale('', undefined, 'en'), BadRequestException);
  });
});
