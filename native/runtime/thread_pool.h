// One persistent, process-wide pool of worker threads (NNKIT_THREADS, default = hardware cores).
// parallel_for(tasks, fn) runs fn(0..tasks-1) on the pool plus the calling thread and returns when all are done;
// tasks go to whichever thread takes them first, so a worker the OS has not scheduled yet is never waited for.
// After a job, workers (and the caller waiting for them) spin for at most 50 µs, so back-to-back products skip the
// futex wake-up; after that they sleep on a condition variable (an idle pool takes no core from Node's event loop).
// Callers from several threads (worker_threads, AsyncWorkers) are safe: a caller that finds the pool busy
// runs its tasks itself rather than waiting.
// Exceptions: the first exception a task throws, on any thread, is rethrown by parallel_for on the calling thread
// after the job's other tasks have finished or been skipped (never std::terminate on a pool thread). The binding
// turns it into a JS Error (NODE_ADDON_API_CPP_EXCEPTIONS_ALL), an AsyncWorker into a rejected promise.
#pragma once
#include <cstddef>
#include <functional>

namespace nnkit {

size_t thread_count();
void parallel_for(size_t tasks, const std::function<void(size_t)>& fn);

// Runs fn(t, begin, end) for the ranges [t·chunk, min(n, (t + 1)·chunk)) that cover [0, n): on the pool, or in
// order on the calling thread when !on_pool. The ranges (and so any per-range partial result) depend on n and
// chunk only, never on the number of threads.
template <class Fn>
void parallel_ranges(size_t n, size_t chunk, const Fn& fn, bool on_pool = true) {
  const size_t tasks = (n + chunk - 1) / chunk;
  auto range = [&](size_t t) { fn(t, t * chunk, t * chunk + chunk < n ? t * chunk + chunk : n); };
  if (on_pool && tasks > 1) {
    parallel_for(tasks, range);
  } else {
    for (size_t t = 0; t < tasks; ++t) range(t);
  }
}

// The chunk that splits n into at most `pieces` ranges, each a whole multiple of `align` (the last takes the rest).
inline size_t chunk_for(size_t n, size_t pieces, size_t align = 1) {
  return ((n + pieces - 1) / pieces + align - 1) / align * align;
}

// fn(begin, end) over [0, n): when `split`, one range per pool thread, each a whole multiple of `align` (the last
// takes the rest); else fn(0, n) on the calling thread; n = 0 calls nothing (an empty array's data may be null, which
// memset / memcpy must not get even for 0 bytes). For kernels whose values do not depend on the split.
template <class Fn>
void split_ranges(size_t n, bool split, size_t align, const Fn& fn) {
  if (n == 0) return;
  const size_t threads = split ? thread_count() : 1;
  if (threads <= 1) return fn(0, n);
  parallel_ranges(n, chunk_for(n, threads, align), [&](size_t, size_t begin, size_t end) { fn(begin, end); });
}

}  // namespace nnkit
