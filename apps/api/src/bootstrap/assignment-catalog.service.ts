import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import { Assignment, Course } from '@dmlg/db';
import { assignmentColumns, loadAllManifests } from '@dmlg/grading';

/** Slug of the course that holds the assignments until courses can be created from the web. */
export const DEFAULT_COURSE_SLUG = 'dml';

/**
 * Copies `assignments/NN-slug/assignment.yaml` into Postgres at start: a new version becomes a
 * new row, an unchanged one is left alone, and a changed file with an unchanged version is
 * rejected, because grades already given must keep pointing at the manifest they used.
 */
@Injectable()
export class AssignmentCatalogService {
  private readonly logger = new Logger(AssignmentCatalogService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(Course) private readonly courses: Repository<Course>,
    @InjectRepository(Assignment) private readonly assignments: Repository<Assignment>,
  ) {}

  async syncFromDisk(): Promise<void> {
    let course = await this.courses.findOne({ where: { slug: DEFAULT_COURSE_SLUG } });
    if (!course) {
      course = await this.courses.save(
        this.courses.create({
          slug: DEFAULT_COURSE_SLUG,
          title: { en: 'Deep Metric Learning', lv: 'Dziļā metrikas mācīšanās' },
        }),
      );
      this.logger.log(`created course ${DEFAULT_COURSE_SLUG}`);
    }
    for (const loaded of loadAllManifests(this.config.repositoryRoot)) {
      const { manifest, sha256 } = loaded;
      const existing = await this.assignments.findOne({
        where: { courseId: course.id, slug: manifest.slug, version: manifest.version },
      });
      if (existing && existing.manifestSha256 === sha256) continue;
      if (existing) {
        this.logger.error(
          `assignments/${loaded.folder}/assignment.yaml changed but its version is still ${manifest.version}; raise version to ${manifest.version + 1} so existing grades keep their manifest. The stored version stays in use.`,
        );
        continue;
      }
      await this.assignments.save(this.assignments.create(assignmentColumns(course.id, loaded)));
      this.logger.log(`registered assignment ${manifest.slug} v${manifest.version}`);
    }
  }
}
