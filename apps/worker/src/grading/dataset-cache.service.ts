import { Injectable, Logger } from '@nestjs/common';
import { materializeDataset, type Dataset } from '@dmlg/datasets';
import type { AssignmentManifest } from '@dmlg/grading';

/**
 * Hidden data sets kept in memory per worker. They are loaded or generated from seeds, so the
 * cache key is the manifest entry itself: the same entry always yields the same data.
 */
@Injectable()
export class DatasetCacheService {
  private readonly logger = new Logger(DatasetCacheService.name);
  private readonly cache = new Map<string, Dataset>();

  datasetsFor(manifest: AssignmentManifest): Map<string, Dataset> {
    const datasets = new Map<string, Dataset>();
    for (const [id, entry] of Object.entries(manifest.datasets)) {
      const key = `${id}:${JSON.stringify(entry)}`;
      let dataset = this.cache.get(key);
      if (!dataset) {
        const started = Date.now();
        dataset = materializeDataset(id, entry);
        this.cache.set(key, dataset);
        this.logger.log(
          `data set ${id} (${dataset.version}) ready: ${dataset.n} x ${dataset.d} in ${Date.now() - started} ms`,
        );
      }
      datasets.set(id, dataset);
    }
    return datasets;
  }
}
