import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import en from '../../apps/web/src/i18n/en.json';
import lv from '../../apps/web/src/i18n/lv.json';
import { pluralForm } from '../../apps/web/src/plural-form';

describe('pluralForm', () => {
  it('takes the Latvian singular after numbers ending in 1 but not 11', () => {
    const singular = [1, 21, 31, 101, 121];
    const plural = [0, 2, 5, 10, 11, 12, 19, 20, 111, 1000];
    assert.deepEqual(
      singular.map((count) => pluralForm('lv', count)),
      singular.map(() => 'one'),
    );
    assert.deepEqual(
      plural.map((count) => pluralForm('lv', count)),
      plural.map(() => 'other'),
    );
  });

  it('takes the English singular after 1 only', () => {
    assert.equal(pluralForm('en', 1), 'one');
    assert.deepEqual(
      [0, 2, 11, 21].map((count) => pluralForm('en', count)),
      ['other', 'other', 'other', 'other'],
    );
  });
});

describe('web catalogues', () => {
  it('hold the same keys in English and Latvian', () => {
    assert.deepEqual(Object.keys(lv).sort(), Object.keys(en).sort());
  });

  it('give every counted phrase both forms, each with its {count}', () => {
    for (const catalogue of [en, lv] as Record<string, string>[]) {
      for (const key of Object.keys(catalogue).filter((name) => /\.(one|other)$/.test(name))) {
        const base = key.replace(/\.(one|other)$/, '');
        assert.ok(catalogue[`${base}.one`], `${base} lacks its .one form`);
        assert.ok(catalogue[`${base}.other`], `${base} lacks its .other form`);
        assert.match(catalogue[key], /\{count\}/, key);
      }
    }
  });
});
