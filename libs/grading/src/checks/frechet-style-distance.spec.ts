import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { frechetStyleDistance } from './frechet-style-distance';

void describe('frechetStyleDistance', () => {
  // Rows (0,0), (2,0), (0,2), (2,2): mean (1,1), unbiased covariance (4/3) I.
  const square = [0, 0, 2, 0, 0, 2, 2, 2];

  void it('identical sets give 0', () => {
    assert.ok(Math.abs(frechetStyleDistance(square, 4, square, 4, 2)) < 1e-9);
  });

  void it('shifted set gives the squared shift', () => {
    const shifted = square.map((value, index) => (index % 2 === 0 ? value + 3 : value));
    assert.ok(Math.abs(frechetStyleDistance(square, 4, shifted, 4, 2) - 9) < 1e-9);
  });

  void it('scaled set matches the closed form', () => {
    // Σa = c I and Σb = 4c I with c = 4/3: Tr Σa + Tr Σb − 2 Tr √(Σa Σb) = 2c + 8c − 8c = 2c.
    const scaled = square.map((value) => 2 * value - 1);
    const expected = 2 * (4 / 3);
    assert.ok(Math.abs(frechetStyleDistance(square, 4, scaled, 4, 2) - expected) < 1e-9);
  });

  void it('rejects a single row', () => {
    assert.throws(() => frechetStyleDistance([1, 2], 1, square, 4, 2), /at least 2 rows/);
  });
});
