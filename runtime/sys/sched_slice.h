// A short scheduler time slice for the runner's threads (Linux 6.12+, EEVDF).
//
// The runner does a little work between long waits: reap an exit, spawn the next process,
// record both. When it is woken on a CPU where a child is running, the default slice lets
// that child run on for up to a few milliseconds (with `true` as the command: until it
// ends), and the next process starts only then. A short slice gives the woken runner an
// earlier deadline, so it gets the CPU at once; it does not make the runner use more CPU.
// Children get the thread's previous attributes back before they exec.
#pragma once

#include <cstdint>

namespace bfc::runtime {

// Linux's struct sched_attr (SCHED_ATTR_SIZE_VER1).
struct SchedAttr {
  std::uint32_t size = sizeof(SchedAttr);
  std::uint32_t policy = 0;
  std::uint64_t flags = 0;
  std::int32_t nice = 0;
  std::uint32_t priority = 0;
  std::uint64_t runtime = 0, deadline = 0, period = 0;
  std::uint32_t util_min = 0, util_max = 0;
};

// The calling thread's short slice while this object lives (see above).
class ShortSlice {
 public:
  // Asks for a slice of `ns` for the calling thread (and threads it creates later). Does
  // nothing when `ns` is 0, the thread is not SCHED_OTHER, or the kernel refuses.
  explicit ShortSlice(std::uint64_t ns);
  // Gives the calling thread its previous attributes back.
  ~ShortSlice();
  ShortSlice(const ShortSlice&) = delete;
  ShortSlice& operator=(const ShortSlice&) = delete;

  // True when the kernel granted the short slice.
  bool active() const { return active_; }
  // For a child between vfork and exec: restores the attributes the thread had before.
  // Only a system call, so safe there.
  void restore_in_child() const noexcept;

 private:
  SchedAttr before_{};
  bool active_ = false;
};

}  // namespace bfc::runtime
