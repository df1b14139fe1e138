import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ReferenceResult } from '@dmlg/db';
import {
  canonicalSeed,
  checkHigherIsBetter,
  SEED_BAND_RULE,
  type ManifestCheck,
  type SeedCalibration,
  type TaskMetricValues,
} from '@dmlg/grading';
import { AccessPolicy } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { AssignmentsService } from '../assignments/assignments.service';
import type {
  CalibrationCheckDto,
  CalibrationDto,
  CalibrationToleranceDto,
} from './calibration.dto';

/**
 * The reference runs behind each check's score scale, for staff: per-seed values, the canonical
 * reference, the baseline and the tolerance with its source. Read from the stored reference row
 * the worker wrote (baselines included), so it shows exactly what grading used.
 */
@Injectable()
export class CalibrationService {
  constructor(
    private readonly assignments: AssignmentsService,
    @InjectRepository(ReferenceResult) private readonly references: Repository<ReferenceResult>,
  ) {}

  async view(principal: Principal, slug: string): Promise<CalibrationDto> {
    const { assignment, manifest } = await this.assignments.findLatest(slug);
    AccessPolicy.requireCourseRole(principal, assignment.courseId, 'ta', {
      en: `the calibration of assignment ${slug}`,
      lv: `uzdevuma ${slug} kalibrāciju`,
    });
    const stored = await this.references.findOne({ where: { assignmentId: assignment.id } });
    const calibration = (stored?.calibration ?? null) as SeedCalibration | null;
    const banded = canonicalSeed(manifest) !== null;
    return {
      slug,
      version: assignment.version,
      status: stored && (!banded || calibration) ? 'ready' : 'pending',
      seeds: manifest.calibration?.seeds ?? [],
      canonicalSeed: canonicalSeed(manifest),
      checks: manifest.checks.map((check) =>
        describeCheck(
          check,
          stored?.values ?? null,
          stored?.baselines ?? calibration?.baselines ?? null,
          calibration,
        ),
      ),
    };
  }
}

function describeCheck(
  check: ManifestCheck,
  reference: TaskMetricValues | null,
  baselines: TaskMetricValues | null,
  calibration: SeedCalibration | null,
): CalibrationCheckDto {
  const banded = typeof check.tolerance !== 'number';
  return {
    checkId: check.id,
    title: check.title,
    metric: check.metric,
    higherIsBetter: checkHigherIsBetter(check),
    tolerance: describeTolerance(check, calibration),
    tasks: check.tasks.map((taskId) => ({
      taskId,
      reference: reference?.[taskId]?.[check.metric] ?? null,
      baseline: baselines?.[taskId]?.[check.metric] ?? null,
      seeds:
        banded && calibration
          ? calibration.seeds.map((run) => ({
              seed: run.seed,
              value: run.values[taskId][check.metric],
            }))
          : [],
    })),
  };
}

function describeTolerance(
  check: ManifestCheck,
  calibration: SeedCalibration | null,
): CalibrationToleranceDto {
  if (typeof check.tolerance === 'number') {
    return {
      source: 'manifest',
      value: check.tolerance,
      unclamped: null,
      min: null,
      max: null,
      rule: null,
    };
  }
  const band = calibration?.bands[check.id];
  return {
    source: 'seeds',
    value: band?.tolerance ?? null,
    unclamped: band?.unclamped ?? null,
    min: check.tolerance.from_seeds.min,
    max: check.tolerance.from_seeds.max,
    rule: SEED_BAND_RULE,
  };
}
