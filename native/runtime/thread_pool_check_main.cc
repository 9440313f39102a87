// Standalone stress check of the thread pool (not part of the addon): many back-to-back jobs of varied sizes from
// several caller threads at once, on more pool threads than cores, so workers often wake late for a job that is
// already finished (the stale-claim path of Pool::drain). Every task must run exactly once. scripts/sanitize.sh
// builds it with -fsanitize=thread and runs it:
//   g++ -std=c++17 -O1 -pthread native/runtime/thread_pool_check_main.cc native/runtime/thread_pool.cc -o pool-check
//   NNKIT_THREADS=4 ./pool-check
// Jobs in which one task throws check that the exception reaches the caller and no task runs twice.
// Prints one line: {"jobs":N,"failures":F}; exit status 1 on failure.
#include <atomic>
#include <cstdio>
#include <stdexcept>
#include <thread>
#include <vector>

#include "thread_pool.h"

namespace {

std::atomic<long> failures{0};

// Each task of a job adds its index + 1 to its own slot: a task run twice or never leaves a wrong slot.
void run_jobs(unsigned seed, int jobs) {
  std::vector<std::atomic<int>> slots(64);
  for (int j = 0; j < jobs; ++j) {
    seed = seed * 1664525u + 1013904223u;
    const size_t tasks = 1 + (seed >> 8) % 64;
    for (size_t t = 0; t < tasks; ++t) slots[t].store(0);
    nnkit::parallel_for(tasks, [&](size_t t) { slots[t].fetch_add(static_cast<int>(t) + 1); });
    for (size_t t = 0; t < tasks; ++t)
      if (slots[t].load() != static_cast<int>(t) + 1) failures.fetch_add(1);
  }
}

// Jobs where task `bad` throws: parallel_for must rethrow that exception (once, on the caller), and every task
// that ran must have run at most once.
void run_failing_jobs(int jobs) {
  std::vector<std::atomic<int>> runs(64);
  for (int j = 0; j < jobs; ++j) {
    const size_t tasks = 2 + j % 63, bad = (j * 7) % tasks;
    for (size_t t = 0; t < tasks; ++t) runs[t].store(0);
    bool caught = false;
    try {
      nnkit::parallel_for(tasks, [&](size_t t) {
        runs[t].fetch_add(1);
        if (t == bad) throw std::runtime_error("task failed");
      });
    } catch (const std::runtime_error&) {
      caught = true;
    }
    if (!caught) failures.fetch_add(1);
    for (size_t t = 0; t < tasks; ++t)
      if (runs[t].load() > 1) failures.fetch_add(1);
  }
}

}  // namespace

int main() {
  constexpr int kJobs = 20000, kCallers = 3, kFailingJobs = 2000;
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) callers.emplace_back(run_jobs, 17u + c, kJobs);
  for (auto& t : callers) t.join();
  run_failing_jobs(kFailingJobs);
  std::printf("{\"jobs\":%d,\"failures\":%ld}\n", kJobs * kCallers + kFailingJobs, failures.load());
  return failures.load() == 0 ? 0 : 1;
}
