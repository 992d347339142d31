// sched_getattr/sched_setattr have no glibc wrapper in Debian 12's glibc: raw system calls.
#include "runtime/sys/sched_slice.h"

#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace bfc::runtime {

ShortSlice::ShortSlice(std::uint64_t ns) {
  if (ns == 0) return;
  if (syscall(SYS_sched_getattr, 0, &before_, sizeof before_, 0) != 0 ||
      before_.policy != SCHED_OTHER)
    return;
  SchedAttr wanted = before_;
  wanted.size = sizeof wanted;
  wanted.runtime = ns;  // for SCHED_OTHER, the requested slice
  active_ = syscall(SYS_sched_setattr, 0, &wanted, 0) == 0;
}

ShortSlice::~ShortSlice() {
  if (active_) restore_in_child();  // the same call restores the calling thread
}

void ShortSlice::restore_in_child() const noexcept {
  if (!active_) return;
  SchedAttr attr = before_;
  attr.size = sizeof attr;
  syscall(SYS_sched_setattr, 0, &attr, 0);
}

}  // namespace bfc::runtime
