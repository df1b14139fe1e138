import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAccountsEnrolmentsAndTokens1796415810900 implements MigrationInterface {
  name = 'AddAccountsEnrolmentsAndTokens1796415810900';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "enrolments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "course_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "student_number" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6e79971fbd26967c4da9ed52770" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7eb4b01f52fb0ce0e3136d87c7" ON "enrolments" ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_261d2f0d11a7d73050171bee50" ON "enrolments" ("course_id", "user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "login_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "remote_address" text NOT NULL, "succeeded" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_070e613c8f768b1a70742705c5b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_626c200d81876571d9f4894963" ON "login_attempts" ("email", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "personal_access_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" text NOT NULL, "token_sha256" character(64) NOT NULL, "prefix" text NOT NULL, "scopes" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_78f69853f15ffac24c250ea8f13" UNIQUE ("token_sha256"), CONSTRAINT "PK_b6dc462fa11dbbb897eb8419735" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_705e457b9b167e4779e737ca3e" ON "personal_access_tokens" ("user_id") `,
    );
    await queryRunner.query(`ALTER TABLE "courses" ADD "invitation_code" text`);
    await queryRunner.query(
      `ALTER TABLE "courses" ADD CONSTRAINT "UQ_cc03ff3232bf80f8463500402bd" UNIQUE ("invitation_code")`,
    );
    await queryRunner.query(`ALTER TABLE "assignments" ADD "deadline" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "password_hash" text`);
    await queryRunner.query(
      `ALTER TABLE "enrolments" ADD CONSTRAINT "FK_88e4829cd9da8e01cc305788db5" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrolments" ADD CONSTRAINT "FK_7eb4b01f52fb0ce0e3136d87c76" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "personal_access_tokens" ADD CONSTRAINT "FK_705e457b9b167e4779e737ca3ef" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "personal_access_tokens" DROP CONSTRAINT "FK_705e457b9b167e4779e737ca3ef"`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrolments" DROP CONSTRAINT "FK_7eb4b01f52fb0ce0e3136d87c76"`,
    );
    await queryRunner.query(
      `ALTER TABLE "enrolments" DROP CONSTRAINT "FK_88e4829cd9da8e01cc305788db5"`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_hash"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "deadline"`);
    await queryRunner.query(
      `ALTER TABLE "courses" DROP CONSTRAINT "UQ_cc03ff3232bf80f8463500402bd"`,
    );
    await queryRunner.query(`ALTER TABLE "courses" DROP COLUMN "invitation_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_705e457b9b167e4779e737ca3e"`);
    await queryRunner.query(`DROP TABLE "personal_access_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_626c200d81876571d9f4894963"`);
    await queryRunner.query(`DROP TABLE "login_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_261d2f0d11a7d73050171bee50"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7eb4b01f52fb0ce0e3136d87c7"`);
    await queryRunner.query(`DROP TABLE "enrolments"`);
  }
}
