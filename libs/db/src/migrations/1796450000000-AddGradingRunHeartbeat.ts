import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddGradingRunHeartbeat1796450000000 implements MigrationInterface {
  name = 'AddGradingRunHeartbeat1796450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "grading_runs" ADD "heartbeat_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "grading_runs" DROP COLUMN "heartbeat_at"`);
  }
}
