import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddGradingRunPlacement1796425942827 implements MigrationInterface {
  name = 'AddGradingRunPlacement1796425942827';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "grading_runs" ADD "placement" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "grading_runs" DROP COLUMN "placement"`);
  }
}
