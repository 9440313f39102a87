#include "thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace nnkit {
namespace {

size_t configured_threads() {
  if (const char* env = std::getenv("NNKIT_THREADS")) {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && v >= 1 && v <= 256) return static_cast<size_t>(v);
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Spins until ready() or for at most `limit`; true if ready.
template <typename Ready>
bool spin_until(std::chrono::microseconds limit, Ready ready) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (unsigned i = 1;; ++i) {
    if (ready()) return true;
    cpu_relax();
    if ((i & 63) == 0 && std::chrono::steady_clock::now() > deadline) return false;
  }
}

class Pool {
 public:
  explicit Pool(size_t threads) {
    for (size_t i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  // Never destroyed: worker threads live for the process (a static destructor joining threads at exit can hang
  // when Node tears down), so the pool is leaked on purpose.
  size_t size() const { return workers_.size() + 1; }

  // Runs fn(0..tasks-1) on the workers and the caller; false (nothing run) when another caller holds the pool.
  bool try_run(size_t tasks, const std::function<void(size_t)>& fn) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      fn_ = &fn;
      tasks_ = tasks;
      next_.store(0);
      pending_.store(workers_.size());
      generation_.fetch_add(1, std::memory_order_release);  // publishes fn_ and tasks_ to spinning workers
    }
    wake_.notify_all();
    drain();
    if (!spin_until(kSpin, [this] { return pending_.load(std::memory_order_acquire) == 0; })) {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, [this] { return pending_.load(std::memory_order_acquire) == 0; });
    }
    fn_ = nullptr;
    return true;
  }

 private:
  // After a job, spin for at most this long before sleeping: the next product of a training step usually follows
  // within microseconds, and a futex wake-up costs tens of µs on a VM (128³ on 2 threads ran slower than on one
  // without this). Bounded, so an idle pool sleeps and leaves the cores to Node.
  static constexpr std::chrono::microseconds kSpin{50};

  void drain() {
    for (size_t t = next_.fetch_add(1); t < tasks_; t = next_.fetch_add(1)) (*fn_)(t);
  }

  void work() {
    size_t seen = 0;
    for (;;) {
      if (!spin_until(kSpin, [&] { return generation_.load(std::memory_order_acquire) != seen; })) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      }
      seen = generation_.load(std::memory_order_acquire);
      drain();
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(mutex_);  // the caller checks pending_ under this lock before sleeping
        done_.notify_one();
      }
    }
  }

  std::vector<std::thread> workers_;
  std::mutex busy_;   // one parallel_for at a time
  std::mutex mutex_;  // sleeping and waking (the condition variables); fn_ and tasks_ are written under it
  std::condition_variable wake_, done_;
  const std::function<void(size_t)>* fn_ = nullptr;
  size_t tasks_ = 0;
  std::atomic<size_t> pending_{0}, generation_{0}, next_{0};
};

Pool& pool() {
  static Pool* p = [] {
    Pool* created = new Pool(configured_threads());
    return created;
  }();
  return *p;
}

}  // namespace

size_t thread_count() { return pool().size(); }

void parallel_for(size_t tasks, const std::function<void(size_t)>& fn) {
  if (tasks > 1 && thread_count() > 1 && pool().try_run(tasks, fn)) return;
  for (size_t t = 0; t < tasks; ++t) fn(t);
}

// Each of the `team` tasks is taken by a different thread: a thread that took one cannot finish it (and take
// another) before every task has reached the team's first barrier, so no thread ever waits on itself.
size_t parallel_team(size_t team, const std::function<void(size_t, size_t)>& fn) {
  team = std::min(team, thread_count());
  if (team > 1 && pool().try_run(team, [&](size_t t) { fn(t, team); })) return team;
  fn(0, 1);
  return 1;
}

void SpinBarrier::wait() {
  const size_t phase = phase_.load(std::memory_order_acquire);
  if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == size_) {
    arrived_.store(0, std::memory_order_relaxed);
    phase_.fetch_add(1, std::memory_order_release);
    return;
  }
  const auto passed = [&] { return phase_.load(std::memory_order_acquire) != phase; };
  // Team members arrive within microseconds of each other; if the other thread was descheduled (a loaded
  // machine), stop burning the core and yield until it catches up.
  while (!spin_until(std::chrono::microseconds{20}, passed)) std::this_thread::yield();
}

}  // namespace nnkit
