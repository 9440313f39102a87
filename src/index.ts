// nnkit's public API.
export { backend, backendInfo, getBackend, nativeUnavailableReason, setBackend } from './backend';
export type { Backend, BackendInfo, BackendName, ElementwiseActivation, FloatArray, SimdLevel } from './backend/types';
export { VERSION } from './version';
