import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { assignmentManifestSchema, type AssignmentManifest } from './assignment-manifest.schema';

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export interface LoadedManifest {
  manifest: AssignmentManifest;
  /** SHA-256 of the YAML file's bytes, to notice a changed manifest without a version bump. */
  sha256: string;
  /** Folder name under `assignments/`, e.g. `02-kmeans`. */
  folder: string;
}

/** Returns the columns of the `assignments` row that stores `loaded` in course `courseId`. */
export function assignmentColumns(
  courseId: string,
  loaded: Pick<LoadedManifest, 'manifest' | 'sha256'>,
): {
  courseId: string;
  slug: string;
  number: number;
  version: number;
  title: AssignmentManifest['title'];
  manifest: Record<string, unknown>;
  manifestSha256: string;
} {
  const { manifest, sha256 } = loaded;
  return {
    courseId,
    slug: manifest.slug,
    number: manifest.number,
    version: manifest.version,
    title: manifest.title,
    manifest: manifest as unknown as Record<string, unknown>,
    manifestSha256: sha256,
  };
}

/** Parses and validates a manifest object; `source` names the file in error messages. */
export function parseManifest(value: unknown, source: string): AssignmentManifest {
  const parsed = assignmentManifestSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ManifestError(`invalid assignment manifest ${source}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Reads `assignments/<folder>/assignment.yaml`. */
export function loadManifest(repositoryRoot: string, folder: string): LoadedManifest {
  const path = join(repositoryRoot, 'assignments', folder, 'assignment.yaml');
  const bytes = readFileSync(path);
  let document: unknown;
  try {
    document = parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ManifestError(
      `assignment manifest ${path} is not valid YAML: ${(error as Error).message}`,
    );
  }
  const manifest = parseManifest(document, path);
  const expectedFolder = `${String(manifest.number).padStart(2, '0')}-${manifest.slug}`;
  if (folder !== expectedFolder) {
    throw new ManifestError(
      `assignment manifest ${path} has number ${manifest.number} and slug ${manifest.slug}, so its folder must be ${expectedFolder}`,
    );
  }
  return { manifest, sha256: createHash('sha256').update(bytes).digest('hex'), folder };
}

/** Loads every `assignments/NN-slug/assignment.yaml`, in folder order. */
export function loadAllManifests(repositoryRoot: string): LoadedManifest[] {
  const root = join(repositoryRoot, 'assignments');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d\d-/.test(entry.name))
    .filter((entry) => existsSync(join(root, entry.name, 'assignment.yaml')))
    .map((entry) => entry.name)
    .sort()
    .map((folder) => loadManifest(repositoryRoot, folder));
}

/** Folder of an assignment, e.g. `02-kmeans`, used for its reference solution too. */
export function assignmentFolder(manifest: Pick<AssignmentManifest, 'number' | 'slug'>): string {
  return `${String(manifest.number).padStart(2, '0')}-${manifest.slug}`;
}
