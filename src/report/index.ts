export { renderReport } from './html';
export type { ReportData } from './html';
export { histogram, histogramChart, lineChart } from './svg';
export type { Histogram, Series } from './svg';
export { ReportRecorder } from './recorder';
