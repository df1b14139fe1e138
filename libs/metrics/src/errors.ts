/** Invalid input to a metric: the message names the argument, the value and what was expected. */
export class MetricInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricInputError';
  }
}
