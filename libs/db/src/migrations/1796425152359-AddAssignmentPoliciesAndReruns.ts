import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAssignmentPoliciesAndReruns1796425152359 implements MigrationInterface {
  name = 'AddAssignmentPoliciesAndReruns1796425152359';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "assignment_policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "assignment_slug" text NOT NULL, "version" integer NOT NULL, "opens_at" TIMESTAMP WITH TIME ZONE, "deadline" TIMESTAMP WITH TIME ZONE, "cutoff_at" TIMESTAMP WITH TIME ZONE, "late_penalty" jsonb NOT NULL, "max_submissions" integer, "max_submissions_per_hour" integer, "counting" text NOT NULL DEFAULT 'best', "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cf366c4bd09432d2294b43f78c9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c315ce10f0349323c9f6315d72" ON "assignment_policies" ("course_id", "assignment_slug") `,
    );
    await queryRunner.query(
      `CREATE TABLE "assignment_policy_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "policy_id" uuid NOT NULL, "version" integer NOT NULL, "rules" jsonb NOT NULL, "changed_by" uuid, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1efe549996f45747c57b251b619" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_9ae510605afaf9ed3967842c3a" ON "assignment_policy_changes" ("policy_id", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "deadline_extensions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "assignment_slug" text NOT NULL, "user_id" uuid NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL, "granted_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7f77bdaaa612f494d52177c7b59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_8d61bdb8cc60a31e9556aea61c" ON "deadline_extensions" ("course_id", "assignment_slug", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "rerun_sets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "assignment_slug" text NOT NULL, "scope" text NOT NULL, "scope_id" uuid, "target_version" integer, "status" text NOT NULL DEFAULT 'grading', "reason" text NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b93b0c23aed6422d81029bf76e7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_066c073f5b69425a145fa3d5cb" ON "rerun_sets" ("course_id", "assignment_slug") `,
    );
    await queryRunner.query(
      `CREATE TABLE "rerun_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "set_id" uuid NOT NULL, "submission_id" uuid NOT NULL, "assignment_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'queued', "previous_score" double precision, "run_id" uuid, "raw_score" double precision, "penalty_percent" double precision, "score" double precision, "extension_deadline" TIMESTAMP WITH TIME ZONE, "policy_version" integer, "failure_reason" text, "graded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c76c49974d1c1e3db628b474b99" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_1bc725582477e7f79e879731e5" ON "rerun_items" ("set_id", "submission_id") `,
    );
    await queryRunner.query(`ALTER TABLE "grades" ADD "raw_score" double precision`);
    // Grades from before late penalties existed had none, so their raw score is their score.
    await queryRunner.query(`UPDATE "grades" SET "raw_score" = "score"`);
    await queryRunner.query(
      `ALTER TABLE "grades" ADD "penalty_percent" double precision NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "grades" ADD "extension_deadline" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "grades" ADD "policy_version" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(`ALTER TABLE "grade_changes" ADD "raw_score" double precision`);
    await queryRunner.query(`ALTER TABLE "grade_changes" ADD "penalty_percent" double precision`);
    await queryRunner.query(
      `ALTER TABLE "grade_changes" ADD "extension_deadline" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "grade_changes" ADD "policy_version" integer`);
    await queryRunner.query(`ALTER TABLE "grade_changes" ADD "rerun_set_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "assignment_policies" ADD CONSTRAINT "FK_20a6005880a179f8d6107895e86" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_policy_changes" ADD CONSTRAINT "FK_b515bc0b176864e0db9ba2fb7e6" FOREIGN KEY ("policy_id") REFERENCES "assignment_policies"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_extensions" ADD CONSTRAINT "FK_730d88575fa8f49750fb46cdb8e" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_extensions" ADD CONSTRAINT "FK_d5b5ea708f3fa09453f327dcbfc" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rerun_sets" ADD CONSTRAINT "FK_8babfd9ca1e55bbc561c78bba33" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rerun_items" ADD CONSTRAINT "FK_a4c4022bb7166e54b4465242a8c" FOREIGN KEY ("set_id") REFERENCES "rerun_sets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rerun_items" ADD CONSTRAINT "FK_8b14a24621385ee8a61dc821522" FOREIGN KEY ("submission_id") REFERENCES "submissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "rerun_items" DROP CONSTRAINT "FK_8b14a24621385ee8a61dc821522"`,
    );
    await queryRunner.query(
      `ALTER TABLE "rerun_items" DROP CONSTRAINT "FK_a4c4022bb7166e54b4465242a8c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "rerun_sets" DROP CONSTRAINT "FK_8babfd9ca1e55bbc561c78bba33"`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_extensions" DROP CONSTRAINT "FK_d5b5ea708f3fa09453f327dcbfc"`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_extensions" DROP CONSTRAINT "FK_730d88575fa8f49750fb46cdb8e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_policy_changes" DROP CONSTRAINT "FK_b515bc0b176864e0db9ba2fb7e6"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignment_policies" DROP CONSTRAINT "FK_20a6005880a179f8d6107895e86"`,
    );
    await queryRunner.query(`ALTER TABLE "grade_changes" DROP COLUMN "rerun_set_id"`);
    await queryRunner.query(`ALTER TABLE "grade_changes" DROP COLUMN "policy_version"`);
    await queryRunner.query(`ALTER TABLE "grade_changes" DROP COLUMN "extension_deadline"`);
    await queryRunner.query(`ALTER TABLE "grade_changes" DROP COLUMN "penalty_percent"`);
    await queryRunner.query(`ALTER TABLE "grade_changes" DROP COLUMN "raw_score"`);
    await queryRunner.query(`ALTER TABLE "grades" DROP COLUMN "policy_version"`);
    await queryRunner.query(`ALTER TABLE "grades" DROP COLUMN "extension_deadline"`);
    await queryRunner.query(`ALTER TABLE "grades" DROP COLUMN "penalty_percent"`);
    await queryRunner.query(`ALTER TABLE "grades" DROP COLUMN "raw_score"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1bc725582477e7f79e879731e5"`);
    await queryRunner.query(`DROP TABLE "rerun_items"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_066c073f5b69425a145fa3d5cb"`);
    await queryRunner.query(`DROP TABLE "rerun_sets"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8d61bdb8cc60a31e9556aea61c"`);
    await queryRunner.query(`DROP TABLE "deadline_extensions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9ae510605afaf9ed3967842c3a"`);
    await queryRunner.query(`DROP TABLE "assignment_policy_changes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c315ce10f0349323c9f6315d72"`);
    await queryRunner.query(`DROP TABLE "assignment_policies"`);
  }
}
