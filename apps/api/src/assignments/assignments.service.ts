import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Assignment } from '@dmlg/db';
import { parseManifest, type AssignmentManifest } from '@dmlg/grading';
import type { AssignmentSummaryDto } from './assignment-summary.dto';
import { localized } from '../errors/localized-message';

@Injectable()
export class AssignmentsService {
  constructor(@InjectRepository(Assignment) private readonly assignments: Repository<Assignment>) {}

  /** The newest version of every assignment, by number. */
  async listLatest(): Promise<AssignmentSummaryDto[]> {
    const rows = await this.assignments
      .createQueryBuilder('assignment')
      .distinctOn(['assignment.slug'])
      .orderBy('assignment.slug')
      .addOrderBy('assignment.version', 'DESC')
      .getMany();
    return rows.sort((a, b) => a.number - b.number).map((row) => this.summarize(row));
  }

  /** The newest version of one assignment; 404 names the known slugs. */
  async findLatest(slug: string): Promise<{ assignment: Assignment; manifest: AssignmentManifest }> {
    const assignment = await this.assignments.findOne({ where: { slug }, order: { version: 'DESC' } });
    if (!assignment) {
      const known = (await this.listLatest()).map((entry) => entry.slug);
      throw new NotFoundException(
        localized(
          `assignment "${slug}" not found; known assignments: ${known.join(', ') || 'none'}`,
          `Uzdevums "${slug}" nav atrasts; zināmie uzdevumi: ${known.join(', ') || 'nav'}`,
        ),
      );
    }
    return { assignment, manifest: parseManifest(assignment.manifest, `assignment ${slug} v${assignment.version}`) };
  }

  private summarize(row: Assignment): AssignmentSummaryDto {
    const manifest = parseManifest(row.manifest, `assignment ${row.slug} v${row.version}`);
    return {
      slug: row.slug,
      number: row.number,
      version: row.version,
      title: row.title,
      module: manifest.module,
      limits: { ...manifest.limits },
      checks: manifest.checks.map((check) => ({ id: check.id, title: check.title, weight: check.weight })),
    };
  }
}
