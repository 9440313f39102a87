// A callback that adds the validation metrics in the label's units to every epoch record: R², MAE and RMSE for
// regression (valR2, valMAE, valRMSE; the loss alone is in standardized units), nothing extra for classes
// (valAccuracy is already there). fit calls it before onProgress, so the epoch line and history show them.
import type { Dataset } from '../data/dataset';
import { regressionMetrics } from '../metrics/regression';
import type { Callbacks } from '../train/callbacks';
import type { EpochRecord } from '../train/history';
import { predictLive } from '../infer/predict';
import type { TabularModel } from './predict-rows';
import { RegressionTarget } from './target';

export function regressionEpochMetrics(model: TabularModel, validation: Dataset): Callbacks | undefined {
  const target = model.tabular?.target;
  if (!(target instanceof RegressionTarget)) return undefined;
  const y = Float64Array.from(validation.y, (z) => target.decode(z));
  return {
    async onEpochEnd(_ctx, record: EpochRecord) {
      const out = await predictLive(model, validation.x);
      const m = regressionMetrics(
        y,
        Float64Array.from(out.data, (z) => target.decode(z)),
      );
      Object.assign(record, { valR2: m.r2, valMAE: m.mae, valRMSE: m.rmse });
    },
  };
}
