import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddSeedCalibration1796430000000 implements MigrationInterface {
  name = 'AddSeedCalibration1796430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reference_results" ADD "calibration" jsonb`);
    await queryRunner.query(`ALTER TABLE "check_results" ADD "tolerance" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "check_results" DROP COLUMN "tolerance"`);
    await queryRunner.query(`ALTER TABLE "reference_results" DROP COLUMN "calibration"`);
  }
}
