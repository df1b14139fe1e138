import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLI_MESSAGES, chooseCliLocale } from './cli-messages';

describe('cli locale', () => {
  it('reads LANG', () => {
    assert.equal(chooseCliLocale({ LANG: 'lv_LV.UTF-8' }), 'lv');
  });

  it('lets LC_ALL win over LANG', () => {
    assert.equal(chooseCliLocale({ LC_ALL: 'en_US.UTF-8', LANG: 'lv_LV.UTF-8' }), 'en');
  });

  it('lets LC_MESSAGES win over LANG', () => {
    assert.equal(chooseCliLocale({ LC_MESSAGES: 'lv', LANG: 'C' }), 'lv');
  });

  it('defaults to English', () => {
    assert.equal(chooseCliLocale({}), 'en');
  });

  it('does not take Lithuanian for Latvian', () => {
    assert.equal(chooseCliLocale({ LANG: 'lt_LT.UTF-8' }), 'en');
  });

  it('has every message in both languages', () => {
    assert.deepEqual(Object.keys(CLI_MESSAGES.lv).sort(), Object.keys(CLI_MESSAGES.en).sort());
  });
});
