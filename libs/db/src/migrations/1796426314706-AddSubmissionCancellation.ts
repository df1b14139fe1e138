import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSubmissionCancellation1796426314706 implements MigrationInterface {
  name = 'AddSubmissionCancellation1796426314706';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "submissions" ADD "cancel_requested_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "submissions" ADD "cancelled_by" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "cancelled_by"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "cancel_requested_at"`);
  }
}
