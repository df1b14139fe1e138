import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddReferenceBaselines1796440000000 implements MigrationInterface {
  name = 'AddReferenceBaselines1796440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reference_results" ADD "baselines" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reference_results" DROP COLUMN "baselines"`);
  }
}
