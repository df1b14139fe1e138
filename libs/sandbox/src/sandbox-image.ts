import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import type Docker from 'dockerode';
import { dockerStatusCode } from './docker-call';
import { SandboxInfrastructureError } from './sandbox.types';

export const SANDBOX_IMAGE_REPOSITORY = 'dmlg-sandbox-cpu';

/** Files of the image recipe, hashed in this order; docker/cpu/build-image.sh hashes the same bytes. */
const RECIPE_FILES = ['docker/cpu/packages.txt', 'docker/cpu/build-image.sh'];

/**
 * Returns the first 16 hex digits of sha256 over the bytes of docker/cpu/packages.txt followed
 * by the bytes of docker/cpu/build-image.sh, the same value as
 * `cat packages.txt build-image.sh | sha256sum | cut -c1-16`.
 */
export function sandboxImageRecipeHash(repoRoot: string): string {
  const hash = createHash('sha256');
  for (const file of RECIPE_FILES) {
    const path = join(repoRoot, file);
    try {
      hash.update(readFileSync(path));
    } catch (error) {
      throw new SandboxInfrastructureError('read image recipe', path, error);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** Returns the CPU sandbox image tag, `dmlg-sandbox-cpu:<recipe hash>`, that build-image.sh creates. */
export function sandboxImageTag(repoRoot: string): string {
  return `${SANDBOX_IMAGE_REPOSITORY}:${sandboxImageRecipeHash(repoRoot)}`;
}

export interface SandboxImage {
  tag: string;
  /** Image Id (`sha256:...`), the digest recorded with each run. */
  id: string;
}

/**
 * Checks that the CPU sandbox image of this recipe exists in the engine. Throws a
 * SandboxInfrastructureError that tells the operator to run `npm run image:build` when it does not.
 */
export async function ensureSandboxImage(
  docker: Docker,
  repoRoot: string,
  logger: LoggerService,
): Promise<SandboxImage> {
  const tag = sandboxImageTag(repoRoot);
  try {
    const info = await docker.getImage(tag).inspect();
    logger.log(`sandbox image ${tag} found (${info.Id})`);
    return { tag, id: info.Id };
  } catch (error) {
    if (dockerStatusCode(error) === 404) {
      const missing = new SandboxInfrastructureError(
        'find image',
        tag,
        new Error(
          'image not found in the Docker engine; build it with `npm run image:build` (as root; no registry needed)',
        ),
      );
      logger.error(missing.message);
      throw missing;
    }
    throw new SandboxInfrastructureError('inspect image', tag, error);
  }
}
