// Where attempts' output goes (docs/runtime.md "Logs"): a few log segment files per run
// instead of a file per attempt. A lane is one open segment that one attempt at a time
// writes to, directly (the child's stdout and stderr are the segment, opened for appending),
// so an attempt's output is one contiguous range [offset, offset + length) of its segment,
// with no copying by the runner. A lane's segment is replaced by a new file when it grows
// past kSegmentBytes or when something wrote to it after its last attempt ended (a process
// that left the attempt's process group): an attempt's range never holds another's bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bfc::runtime {

class LogLanes {
 public:
  // Segments are DIR/<run id>.<lane>.<n>.log. An empty `dir` writes no files (tests with a
  // fake launcher): leases then have fd -1 and an empty path.
  LogLanes(std::string dir, std::string run_id);
  ~LogLanes();
  LogLanes(const LogLanes&) = delete;
  LogLanes& operator=(const LogLanes&) = delete;

  static constexpr std::int64_t kSegmentBytes = std::int64_t(256) << 20;

  // A lane for one attempt: write to `fd` (the runner keeps it open; dup it for a child).
  struct Lease {
    int lane = -1;
    int fd = -1;
    std::string path;
    std::int64_t offset = 0;
  };
  // A free lane; false with `error` when no segment can be opened.
  bool acquire(Lease& lease, std::string& error);
  // The attempt on `lane` is over: returns where its output ends (the segment's size).
  std::int64_t release(int lane);

 private:
  struct Lane {
    int fd = -1;
    std::string path;
    std::int64_t end = 0;  // the segment's size when its last attempt ended
    int segments = 0;      // segments this lane had
    bool busy = false;
  };
  bool open_segment(int index, Lane& lane, std::string& error);

  std::string dir_, run_id_;
  std::vector<Lane> lanes_;
};

}  // namespace bfc::runtime
