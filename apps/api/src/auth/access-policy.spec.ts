import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CourseRole, User, UserRole } from '@dmlg/db';
import { AccessPolicy } from './access-policy';
import type { Principal } from './principal';

const COURSE = 'course-1';

function principal(id: string, role: CourseRole | null, global: UserRole = 'student'): Principal {
  return {
    user: { id, role: global } as User,
    via: 'session',
    scopes: ['read', 'submit', 'manage'],
    courseRoles: new Map(role ? [[COURSE, role]] : []),
  };
}

const submission = { id: 'sub-1', userId: 'alice' };

describe('AccessPolicy', () => {
  it('owner reads own submission', () => {
    assert.doesNotThrow(() =>
      AccessPolicy.requireSubmissionRead(principal('alice', 'student'), submission, COURSE),
    );
  });

  it('other student gets 404', () => {
    assert.throws(
      () => AccessPolicy.requireSubmissionRead(principal('bob', 'student'), submission, COURSE),
      /submission sub-1 not found/,
    );
  });

  it('TA reads the course', () => {
    assert.doesNotThrow(() =>
      AccessPolicy.requireSubmissionRead(principal('tom', 'ta'), submission, COURSE),
    );
  });

  it('admin reads without enrolment', () => {
    assert.doesNotThrow(() =>
      AccessPolicy.requireSubmissionRead(principal('ada', null, 'admin'), submission, COURSE),
    );
  });

  it('TA below instructor gets 403', () => {
    assert.throws(
      () => AccessPolicy.requireCourseRole(principal('tom', 'ta'), COURSE, 'instructor', 'x'),
      /needs the instructor role/,
    );
  });

  it('hidden checks wait for the deadline', () => {
    const past = new Date('2026-01-01T00:00:00Z');
    const now = new Date('2026-01-02T00:00:00Z');
    const student = principal('alice', 'student');
    assert.equal(AccessPolicy.showsHiddenChecks(student, COURSE, null, now), false);
    assert.equal(AccessPolicy.showsHiddenChecks(student, COURSE, now, past), false);
    assert.equal(AccessPolicy.showsHiddenChecks(student, COURSE, past, now), true);
  });

  it('staff see hidden checks', () => {
    assert.equal(AccessPolicy.showsHiddenChecks(principal('tom', 'ta'), COURSE, null), true);
  });
});
