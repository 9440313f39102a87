// Standalone stress check of the thread pool (not part of the addon): many back-to-back jobs of varied sizes from
// several caller threads at once, on more pool threads than cores, so workers often wake late for a job that is
// already finished (the stale-claim path of Pool::drain). Every task must run exactly once and every team must
// see all its members at its barriers. scripts/sanitize.sh builds it with -fsanitize=thread and runs it:
//   g++ -std=c++17 -O1 -pthread native/runtime/thread_pool_check_main.cc native/runtime/thread_pool.cc -o pool-check
//   NNKIT_THREADS=4 ./pool-check
// Jobs and teams in which one task throws check that the exception reaches the caller and no member hangs.
// Prints one line: {"jobs":N,"failures":F}; exit status 1 on failure.
#include <algorithm>
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

// A team of 2..threads members crossing 3 barriers: each member counts arrivals before each barrier; after it,
// all members must have arrived (a member run twice or a team of fewer threads would deadlock or miscount).
void run_teams(int teams) {
  for (int j = 0; j < teams; ++j) {
    const size_t team = std::min<size_t>(2 + j % nnkit::thread_count(), nnkit::thread_count());
    std::atomic<size_t> arrived[3] = {{0}, {0}, {0}};
    nnkit::SpinBarrier barrier(team);
    const size_t used = nnkit::parallel_team(team, [&](size_t, size_t size) {
      for (auto& a : arrived) {
        a.fetch_add(1);
        if (size > 1) barrier.wait();
        if (a.load() != size) failures.fetch_add(1);
      }
    });
    for (auto& a : arrived)
      if (a.load() != used) failures.fetch_add(1);
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

// Teams where the last member throws before the first barrier: the others must leave it, and the caller must see
// the exception.
void run_failing_teams(int teams) {
  for (int j = 0; j < teams; ++j) {
    const size_t team = nnkit::thread_count();
    nnkit::SpinBarrier barrier(team);
    bool caught = false;
    try {
      nnkit::parallel_team(team, [&](size_t t, size_t size) {
        if (t + 1 == size) throw std::runtime_error("member failed");
        barrier.wait();
      });
    } catch (const std::runtime_error&) {
      caught = true;
    }
    if (!caught) failures.fetch_add(1);
  }
}

}  // namespace

int main() {
  constexpr int kJobs = 20000, kCallers = 3, kTeams = 2000;
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) callers.emplace_back(run_jobs, 17u + c, kJobs);
  run_teams(kTeams);
  for (auto& t : callers) t.join();
  run_failing_jobs(kTeams);
  run_failing_teams(kTeams);
  std::printf("{\"jobs\":%d,\"failures\":%ld}\n", kJobs * kCallers + 3 * kTeams, failures.load());
  return failures.load() == 0 ? 0 : 1;
}
