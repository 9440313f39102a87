// One persistent, process-wide pool of worker threads (NNKIT_THREADS, default = hardware cores).
// parallel_for(tasks, fn) runs fn(0..tasks-1) on the pool plus the calling thread and returns when all are done.
// After a job, workers (and the caller waiting for them) spin for at most 50 µs, so back-to-back products skip the
// futex wake-up; after that they sleep on a condition variable (an idle pool takes no core from Node's event loop).
// Callers from several threads (worker_threads, AsyncWorkers) are safe: a caller that finds the pool busy
// runs its tasks itself rather than waiting.
#pragma once
#include <cstddef>
#include <functional>

namespace nnkit {

size_t thread_count();
void parallel_for(size_t tasks, const std::function<void(size_t)>& fn);

}  // namespace nnkit
