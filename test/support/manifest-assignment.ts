import type { DataSource } from 'typeorm';
import { findRepositoryRoot } from '@dmlg/config';
import { Assignment } from '@dmlg/db';
import { assignmentColumns, loadManifest } from '@dmlg/grading';

/**
 * Stores the assignment of `assignments/<folder>` in course `courseId` from its real manifest, as
 * the API's catalog does at start, for specs that need an assignment row without the API.
 */
export async function saveManifestAssignment(
  dataSource: DataSource,
  courseId: string,
  folder: string,
): Promise<Assignment> {
  const loaded = loadManifest(findRepositoryRoot(), folder);
  return dataSource.getRepository(Assignment).save(assignmentColumns(courseId, loaded));
}
