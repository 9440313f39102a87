#include "thread_pool.h"

#include <atomic>
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

class Pool {
 public:
  explicit Pool(size_t threads) {
    for (size_t i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  // Never destroyed: worker threads live for the process (a static destructor joining threads at exit can hang
  // when Node tears down), so the pool is leaked on purpose.
  size_t size() const { return workers_.size() + 1; }

  void run(size_t tasks, const std::function<void(size_t)>& fn) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock() || workers_.empty() || tasks <= 1) {
      for (size_t t = 0; t < tasks; ++t) fn(t);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      fn_ = &fn;
      tasks_ = tasks;
      next_.store(0);
      pending_ = workers_.size();
      ++generation_;
    }
    wake_.notify_all();
    drain();
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    fn_ = nullptr;
  }

 private:
  void drain() {
    for (size_t t = next_.fetch_add(1); t < tasks_; t = next_.fetch_add(1)) (*fn_)(t);
  }

  void work() {
    size_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
      }
      drain();
      std::lock_guard<std::mutex> lock(mutex_);
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex busy_;   // one parallel_for at a time
  std::mutex mutex_;  // guards the fields below
  std::condition_variable wake_, done_;
  const std::function<void(size_t)>* fn_ = nullptr;
  size_t tasks_ = 0, pending_ = 0, generation_ = 0;
  std::atomic<size_t> next_{0};
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

void parallel_for(size_t tasks, const std::function<void(size_t)>& fn) { pool().run(tasks, fn); }

}  // namespace nnkit
