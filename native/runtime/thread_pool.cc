#include "thread_pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <new>
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

// Test-only fault injection (test/hardening/pool-task-failure): with NNKIT_TEST_POOL_BAD_ALLOC=1 in the
// environment, the first task a pool worker thread (not the caller) runs throws std::bad_alloc, as a scratch
// allocation failing on a pool thread would. Once per process.
std::atomic<bool> g_inject_bad_alloc{false};

class Pool {
 public:
  // Fewer workers when the OS refuses a thread (an address-space limit leaves no room for its stack).
  explicit Pool(size_t threads) {
    for (size_t i = 1; i < threads; ++i) {
      try {
        workers_.emplace_back([this] { work(); });
      } catch (const std::exception&) {  // std::system_error (EAGAIN), or std::bad_alloc
        break;
      }
    }
  }
  // Never destroyed: worker threads live for the process (a static destructor joining threads at exit can hang
  // when Node tears down), so the pool is leaked on purpose.
  size_t size() const { return workers_.size() + 1; }

  // Runs fn(0..tasks-1) on the workers and the caller; false (nothing run) when another caller holds the pool.
  // The first exception any task throws (std::bad_alloc from a scratch buffer on a pool thread) is rethrown here
  // on the caller once every task has finished or been skipped: tasks not started when it was thrown are skipped.
  // Returns once every task is done; a worker that wakes too late to take one is not waited for (on a loaded
  // machine a worker may not run for milliseconds, and the caller would otherwise stall until it did, having
  // done all the work itself).
  bool try_run(size_t tasks, const std::function<void(size_t)>& fn) {
    if (tasks >= kClosed) return false;
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    const uint64_t gen = ++last_generation_;
    // Publish like a seqlock writer: close the claim word, then rewrite the job, then open it (see drain()). The
    // close is an acquire RMW, so the stores below cannot move above it: a thread whose CAS took (g, i) before the
    // close happens-before them and read the old job.
    claim_.exchange(gen << 32 | kClosed, std::memory_order_acq_rel);
    fn_.store(&fn, std::memory_order_relaxed);
    tasks_.store(tasks, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    failed_.store(false, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      claim_.store(gen << 32, std::memory_order_release);
      generation_.store(gen, std::memory_order_release);
    }
    wake_.notify_all();
    drain(gen, false);
    const auto finished = [&] { return done_.load(std::memory_order_acquire) == tasks; };
    if (!spin_until(kSpin, finished)) {
      std::unique_lock<std::mutex> lock(mutex_);
      all_done_.wait(lock, finished);
    }
    if (failed_.load(std::memory_order_acquire)) {
      std::exception_ptr error;
      error.swap(error_);
      std::rethrow_exception(error);
    }
    return true;
  }

 private:
  // After a job, spin for at most this long before sleeping: the next product of a training step usually follows
  // within microseconds, and a futex wake-up costs tens of µs on a VM (128³ on 2 threads ran slower than on one
  // without this). Bounded, so an idle pool sleeps and leaves the cores to Node.
  static constexpr std::chrono::microseconds kSpin{50};
  static constexpr uint64_t kClosed = 0xFFFFFFFF;  // claim-word index while a job is being published

  // Takes and runs tasks of job `gen` until none is left. The claim word is (generation << 32 | next task): a
  // thread takes task i by CAS (gen, i) → (gen, i + 1). Read like a seqlock: the job's fields read between the
  // claim word's load and a successful CAS belong to `gen`, because the word is closed before they are rewritten
  // for the next job; so a late thread holding a stale word takes nothing.
  void drain(uint64_t gen, bool worker) {
    for (;;) {
      uint64_t c = claim_.load(std::memory_order_acquire);
      if (c >> 32 != (gen & kClosed)) return;                       // the word keeps the generation's low 32 bits
      const size_t tasks = tasks_.load(std::memory_order_relaxed);  // valid for gen if the CAS below succeeds
      const uint64_t i = c & kClosed;
      if (i >= tasks) return;  // all taken, or (kClosed) the next job is being published
      if (!claim_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel, std::memory_order_relaxed)) continue;
      run_task(i, worker);  // job gen is live: task i is not done, so its caller waits
      if (done_.fetch_add(1, std::memory_order_acq_rel) + 1 == tasks) {
        std::lock_guard<std::mutex> lock(mutex_);  // the caller checks done_ under this lock before sleeping
        all_done_.notify_one();
      }
    }
  }

  // Runs task i unless an earlier task of the job failed. The first exception is kept for the caller (written
  // before this task's done_ increment, which the caller acquires); later ones are dropped.
  void run_task(size_t i, bool worker) {
    if (failed_.load(std::memory_order_acquire)) return;
    try {
      if (worker && g_inject_bad_alloc.load(std::memory_order_relaxed) &&
          g_inject_bad_alloc.exchange(false, std::memory_order_relaxed))
        throw std::bad_alloc();
      (*fn_.load(std::memory_order_acquire))(i);
    } catch (...) {
      if (!failed_.exchange(true, std::memory_order_acq_rel)) error_ = std::current_exception();
    }
  }

  void work() {
    uint64_t seen = 0;
    for (;;) {
      const auto published = [&] { return generation_.load(std::memory_order_acquire) != seen; };
      if (!spin_until(kSpin, published)) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, published);
      }
      seen = generation_.load(std::memory_order_acquire);
      drain(seen, true);
    }
  }

  std::vector<std::thread> workers_;
  std::mutex busy_;   // one job at a time
  std::mutex mutex_;  // sleeping and waking (the condition variables)
  std::condition_variable wake_, all_done_;
  uint64_t last_generation_ = 0;  // written under busy_
  std::atomic<uint64_t> claim_{0}, generation_{0};
  std::atomic<const std::function<void(size_t)>*> fn_{nullptr};
  std::atomic<size_t> tasks_{0}, done_{0};
  std::atomic<bool> failed_{false};  // a task of the current job threw
  std::exception_ptr error_;         // its exception, written by the one task that set failed_
};

Pool& pool() {
  static Pool* p = [] {
    const char* inject = std::getenv("NNKIT_TEST_POOL_BAD_ALLOC");
    g_inject_bad_alloc.store(inject != nullptr && inject[0] == '1', std::memory_order_relaxed);
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

}  // namespace nnkit
