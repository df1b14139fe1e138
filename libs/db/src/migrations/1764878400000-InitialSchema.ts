import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764878400000 implements MigrationInterface {
  name = 'InitialSchema1764878400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "courses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "title" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a3bb2d01cfa0f95bc5e034e1b7a" UNIQUE ("slug"), CONSTRAINT "PK_3f70a487cc718ad8eda4e6d58c9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "slug" text NOT NULL, "number" integer NOT NULL, "version" integer NOT NULL, "title" jsonb NOT NULL, "manifest" jsonb NOT NULL, "manifest_sha256" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c54ca359535e0012b04dcbd80ee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3327b3905befe038bb0fa01706" ON "assignments" ("course_id", "slug", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "role" text NOT NULL, "locale" text NOT NULL DEFAULT 'en', "api_token_sha256" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "UQ_e9eb424e7a3507f654319a1e214" UNIQUE ("api_token_sha256"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "submissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'queued', "files" jsonb NOT NULL, "score" double precision, "failure_reason" text, "infrastructure_attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "graded_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_10b3be95b8b2fb1e482e07d706b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_302bc58f05e57b971dafad21dc" ON "submissions" ("status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6693f1fa3e97d36c97d8704804" ON "submissions" ("assignment_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "grading_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "submission_id" uuid, "assignment_id" uuid NOT NULL, "purpose" text NOT NULL DEFAULT 'submission', "attempt" integer NOT NULL DEFAULT '1', "worker_name" text NOT NULL, "image_tag" text NOT NULL, "image_digest" text, "limits" jsonb NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "exit_code" integer, "outcome" text NOT NULL DEFAULT 'running', "termination" text, "error_message" text, "log_tail" text NOT NULL DEFAULT '', "timings" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_2cec4e6945ddb992ed1c04c65cd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c6a1f2fcbf7cc224074503704d" ON "grading_runs" ("submission_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "check_results" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "submission_id" uuid NOT NULL, "check_id" text NOT NULL, "title" jsonb NOT NULL, "weight" double precision NOT NULL, "score" double precision NOT NULL, "value" double precision, "target" double precision, "baseline" double precision, "message" jsonb NOT NULL, "hidden" boolean NOT NULL DEFAULT false, "details" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_2af4caf20da46ce834ba71ad38f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_0a57f61d51d68d25cbd8798c66" ON "check_results" ("run_id", "check_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9d2b65725c8040b069d53657c3" ON "check_results" ("submission_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "grades" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "submission_id" uuid NOT NULL, "assignment_id" uuid NOT NULL, "user_id" uuid NOT NULL, "run_id" uuid NOT NULL, "score" double precision NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_f573ccb37f87e9ef83c31308bce" UNIQUE ("submission_id"), CONSTRAINT "REL_f573ccb37f87e9ef83c31308bc" UNIQUE ("submission_id"), CONSTRAINT "PK_4740fb6f5df2505a48649f1687b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c2c14259217c3542e7e69ae5c3" ON "grades" ("assignment_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "grade_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "grade_id" uuid NOT NULL, "previous_score" double precision, "new_score" double precision NOT NULL, "changed_by" uuid, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bdcf468902aa6b48ab1b7a84a6a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a4cdc2f611bfabe36c536d28b6" ON "grade_changes" ("grade_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reference_results" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "run_id" uuid NOT NULL, "dataset_versions" jsonb NOT NULL, "values" jsonb NOT NULL, "image_digest" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c1d3660b6d82c3fab9fdfcfbee4" UNIQUE ("assignment_id"), CONSTRAINT "PK_3591fd3470af465a87f3736fe97" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_33f833f305070d2d4e6305d8a0c" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "submissions" ADD CONSTRAINT "FK_8723840b9b0464206640c268abc" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "submissions" ADD CONSTRAINT "FK_fca12c4ddd646dea4572c6815a9" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "grading_runs" ADD CONSTRAINT "FK_c6a1f2fcbf7cc224074503704df" FOREIGN KEY ("submission_id") REFERENCES "submissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_results" ADD CONSTRAINT "FK_b0beea6825541bc7b5b38fead18" FOREIGN KEY ("run_id") REFERENCES "grading_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "grades" ADD CONSTRAINT "FK_f573ccb37f87e9ef83c31308bce" FOREIGN KEY ("submission_id") REFERENCES "submissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "grade_changes" ADD CONSTRAINT "FK_a4cdc2f611bfabe36c536d28b62" FOREIGN KEY ("grade_id") REFERENCES "grades"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reference_results" ADD CONSTRAINT "FK_c1d3660b6d82c3fab9fdfcfbee4" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "reference_results" DROP CONSTRAINT "FK_c1d3660b6d82c3fab9fdfcfbee4"`,
    );
    await queryRunner.query(
      `ALTER TABLE "grade_changes" DROP CONSTRAINT "FK_a4cdc2f611bfabe36c536d28b62"`,
    );
    await queryRunner.query(
      `ALTER TABLE "grades" DROP CONSTRAINT "FK_f573ccb37f87e9ef83c31308bce"`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_results" DROP CONSTRAINT "FK_b0beea6825541bc7b5b38fead18"`,
    );
    await queryRunner.query(
      `ALTER TABLE "grading_runs" DROP CONSTRAINT "FK_c6a1f2fcbf7cc224074503704df"`,
    );
    await queryRunner.query(
      `ALTER TABLE "submissions" DROP CONSTRAINT "FK_fca12c4ddd646dea4572c6815a9"`,
    );
    await queryRunner.query(
      `ALTER TABLE "submissions" DROP CONSTRAINT "FK_8723840b9b0464206640c268abc"`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" DROP CONSTRAINT "FK_33f833f305070d2d4e6305d8a0c"`,
    );
    await queryRunner.query(`DROP TABLE "reference_results"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a4cdc2f611bfabe36c536d28b6"`);
    await queryRunner.query(`DROP TABLE "grade_changes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c2c14259217c3542e7e69ae5c3"`);
    await queryRunner.query(`DROP TABLE "grades"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9d2b65725c8040b069d53657c3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0a57f61d51d68d25cbd8798c66"`);
    await queryRunner.query(`DROP TABLE "check_results"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c6a1f2fcbf7cc224074503704d"`);
    await queryRunner.query(`DROP TABLE "grading_runs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6693f1fa3e97d36c97d8704804"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_302bc58f05e57b971dafad21dc"`);
    await queryRunner.query(`DROP TABLE "submissions"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3327b3905befe038bb0fa01706"`);
    await queryRunner.query(`DROP TABLE "assignments"`);
    await queryRunner.query(`DROP TABLE "courses"`);
  }
}
