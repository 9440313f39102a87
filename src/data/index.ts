// Datasets, splits, batching and preprocessing (exported as `data` from nnkit).
export { checkDataset, subset } from './dataset';
export type { Dataset, TrainTest } from './dataset';
export { Batcher } from './batches';
export type { Batch } from './batches';
export { kFold, shuffledIndices, trainValidationSplit } from './split';
export type { Fold } from './split';
export { parseIdx } from './idx';
export { fashionMnistCandidates, findFashionMnist, loadFashionMNIST } from './fashion-mnist';
export { loadCSV, parseCSV } from './csv';
export type { CsvDataset, CsvOptions } from './csv';
export { loadDigits } from './digits';
export { asImages } from './images';
export { augmentImages } from './augment';
export type { Augmentation } from './augment';
export { CSV_TEST_FRACTION, dataName, dataRefFromName, loadByName, loadTrainingRows } from './by-name';
export type { DataNameOptions, DatasetRef } from './by-name';
export { center, PCA, Pipeline, preprocessorFromJSON, standardize, Standardize, symmetricEigen } from './preprocess';
export type { Grouping, Preprocessor, PreprocessorJSON } from './preprocess';
