import { SandboxInfrastructureError } from './sandbox.types';

/** Returns the HTTP status of a Docker Engine API error (docker-modem sets `statusCode`), if any. */
export function dockerStatusCode(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const status = (error as { statusCode: unknown }).statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** Runs one Docker API call and turns its failure into a SandboxInfrastructureError naming the operation and target. */
export async function dockerCall<T>(
  operation: string,
  target: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new SandboxInfrastructureError(operation, target, error);
  }
}
