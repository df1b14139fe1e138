import { DatasetError, describeValue } from '../errors';

/**
 * Typed access to a generator's parameters. Each getter names the generator, the parameter
 * and the bad value in its error.
 */
export class GeneratorParams {
  constructor(
    private readonly generator: string,
    private readonly params: Record<string, unknown>,
    known: readonly string[],
  ) {
    for (const name of Object.keys(params)) {
      if (!known.includes(name)) {
        throw new DatasetError(
          `${generator}: unknown parameter ${describeValue(name)}; known parameters: ${known.join(', ')}`,
        );
      }
    }
  }

  /** Returns an integer in [min, max], or `fallback` when the parameter is absent. */
  integer(name: string, min: number, max: number, fallback?: number): number {
    const value = this.params[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw this.invalid(name, value, `an integer in [${min}, ${max}]`);
    }
    return value;
  }

  /** Returns a finite number in [min, max], or `fallback` when the parameter is absent. */
  number(name: string, min: number, max: number, fallback?: number): number {
    const value = this.params[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw this.invalid(name, value, `a finite number in [${min}, ${max}]`);
    }
    return value;
  }

  /** Returns `length` numbers in [min, max], given as one number or as an array. */
  numberOrArray(name: string, length: number, min: number, max: number): number[] {
    const value = this.params[name];
    if (Array.isArray(value)) {
      if (value.length !== length) {
        throw this.invalid(name, value, `one number or an array of ${length} numbers`);
      }
      return value.map((item: unknown, index) => {
        if (typeof item !== 'number' || !Number.isFinite(item) || item < min || item > max) {
          throw this.invalid(`${name}[${index}]`, item, `a finite number in [${min}, ${max}]`);
        }
        return item;
      });
    }
    return new Array<number>(length).fill(this.number(name, min, max));
  }

  has(name: string): boolean {
    return this.params[name] !== undefined;
  }

  invalid(name: string, value: unknown, expected: string): DatasetError {
    return new DatasetError(
      `${this.generator}: ${name} must be ${expected}, got ${describeValue(value)}`,
    );
  }
}
