import { Assignment } from './assignment.entity';
import { AssignmentPolicyChange } from './assignment-policy-change.entity';
import { AssignmentPolicy } from './assignment-policy.entity';
import { CheckResult } from './check-result.entity';
import { DeadlineExtension } from './deadline-extension.entity';
import { Enrolment } from './enrolment.entity';
import { Course } from './course.entity';
import { GradeChange } from './grade-change.entity';
import { Grade } from './grade.entity';
import { GradingRun } from './grading-run.entity';
import { LoginAttempt } from './login-attempt.entity';
import { PersonalAccessToken } from './personal-access-token.entity';
import { ReferenceResult } from './reference-result.entity';
import { RerunItem } from './rerun-item.entity';
import { RerunSet } from './rerun-set.entity';
import { Submission } from './submission.entity';
import { User } from './user.entity';

export * from './assignment.entity';
export * from './assignment-policy-change.entity';
export * from './assignment-policy.entity';
export * from './check-result.entity';
export * from './course.entity';
export * from './deadline-extension.entity';
export * from './enrolment.entity';
export * from './grade-change.entity';
export * from './grade.entity';
export * from './grading-run.entity';
export * from './login-attempt.entity';
export * from './personal-access-token.entity';
export * from './reference-result.entity';
export * from './rerun-item.entity';
export * from './rerun-set.entity';
export * from './submission.entity';
export * from './user.entity';

export const ENTITIES = [
  User,
  Course,
  Assignment,
  Submission,
  GradingRun,
  CheckResult,
  Grade,
  GradeChange,
  ReferenceResult,
  Enrolment,
  PersonalAccessToken,
  LoginAttempt,
  AssignmentPolicy,
  AssignmentPolicyChange,
  DeadlineExtension,
  RerunSet,
  RerunItem,
];
