/** A .npy buffer or array does not follow the NumPy format or uses an unsupported feature. */
export class NpyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyFormatError';
  }
}
