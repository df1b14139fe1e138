import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatMeasured, formatPercent } from '../../apps/web/src/number-format';

describe('formatPercent', () => {
  it('puts a space before the sign in both languages', () => {
    assert.equal(formatPercent('en', 0.05), '5 %');
    assert.equal(formatPercent('lv', 1, 0), '100 %');
  });

  it('rounds to one decimal with the locale separator', () => {
    assert.equal(formatPercent('en', 0.17974), '18 %');
    assert.equal(formatPercent('lv', 0.1234), '12,3 %');
    assert.equal(formatPercent('en', null), '—');
  });
});

describe('formatMeasured', () => {
  it('matches the feedback message form: three decimals, exponent when large or tiny', () => {
    assert.equal(formatMeasured('en', 0.8123456), '0.812');
    assert.equal(formatMeasured('lv', 293_100), '2,931e+5');
    assert.equal(formatMeasured('en', 0.0002), '2.000e-4');
    assert.equal(formatMeasured('lv', 0), '0,000');
  });
});

describe('formatBytes', () => {
  it('writes MiB with a decimal comma in Latvian', () => {
    assert.equal(formatBytes('en', 5 * 1024 * 1024), '5.0 MiB');
    assert.equal(formatBytes('lv', 5 * 1024 * 1024), '5,0 MiB');
    assert.equal(formatBytes('en', 200 * 1024), '200 KiB');
  });
});
