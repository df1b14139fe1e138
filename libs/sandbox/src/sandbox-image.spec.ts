import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Logger } from '@nestjs/common';
import Docker from 'dockerode';
import { ensureSandboxImage, sandboxImageRecipeHash, sandboxImageTag } from './sandbox-image';
import { SandboxInfrastructureError } from './sandbox.types';

/** Creates a throwaway recipe folder with the given file contents. */
function fakeRepo(packages: string, script: string): string {
  const root = mkdtempSync(join(tmpdir(), 'dmlg-recipe-'));
  mkdirSync(join(root, 'docker', 'cpu'), { recursive: true });
  writeFileSync(join(root, 'docker', 'cpu', 'packages.txt'), packages);
  writeFileSync(join(root, 'docker', 'cpu', 'build-image.sh'), script);
  return root;
}

void describe('sandboxImageRecipeHash', () => {
  void it('matches the shell definition', () => {
    const root = fakeRepo('python3\npython3-numpy\n', '#!/bin/sh\necho build\n');
    try {
      // The same command that build-image.sh runs.
      const shell = execFileSync(
        'sh',
        ['-c', 'cat docker/cpu/packages.txt docker/cpu/build-image.sh | sha256sum | cut -c1-16'],
        {
          cwd: root,
        },
      )
        .toString()
        .trim();
      assert.equal(sandboxImageRecipeHash(root), shell);
      assert.equal(sandboxImageTag(root), `dmlg-sandbox-cpu:${shell}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  void it('rejects a missing recipe', () => {
    const root = mkdtempSync(join(tmpdir(), 'dmlg-recipe-'));
    try {
      assert.throws(() => sandboxImageRecipeHash(root), SandboxInfrastructureError);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

void describe('ensureSandboxImage', () => {
  void it('names the build command when missing', async () => {
    // A recipe that was never built, so its tag cannot exist in the engine.
    const root = fakeRepo(`never-built-${Date.now()}\n`, '#!/bin/sh\n');
    try {
      await assert.rejects(
        ensureSandboxImage(new Docker(), root, new Logger('sandbox-image.spec')),
        /npm run image:build/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
