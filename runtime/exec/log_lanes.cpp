#include "runtime/exec/log_lanes.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "common/file_io.h"

namespace bfc::runtime {

LogLanes::LogLanes(std::string dir, std::string run_id)
    : dir_(std::move(dir)), run_id_(std::move(run_id)) {
  for (char& c : run_id_)
    if (c == '/') c = '-';
}

LogLanes::~LogLanes() {
  for (auto& l : lanes_)
    if (l.fd >= 0) ::close(l.fd);
}

bool LogLanes::open_segment(int index, Lane& lane, std::string& error) {
  if (lane.fd >= 0) ::close(lane.fd);
  lane.path = fmt::format("{}/{}.{}.{}.log", dir_, run_id_, index, lane.segments++);
  lane.fd = ::open(lane.path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (lane.fd < 0) {
    error = fmt::format("cannot open log segment {}: {}", lane.path, std::strerror(errno));
    return false;
  }
  lane.end = fd_size(lane.fd);
  return true;
}

bool LogLanes::acquire(Lease& lease, std::string& error) {
  std::size_t k = 0;
  while (k < lanes_.size() && lanes_[k].busy) ++k;
  if (k == lanes_.size()) lanes_.emplace_back();
  Lane& lane = lanes_[k];
  if (!dir_.empty()) {
    // A new segment when this one is large, or grew since its last attempt ended.
    if (lane.fd < 0 || lane.end >= kSegmentBytes || fd_size(lane.fd) != lane.end)
      if (!open_segment(int(k), lane, error)) return false;
  }
  lane.busy = true;
  lease = Lease{int(k), lane.fd, lane.path, lane.end};
  return true;
}

std::int64_t LogLanes::release(int index) {
  if (index < 0 || std::size_t(index) >= lanes_.size()) return 0;
  Lane& lane = lanes_[index];
  lane.busy = false;
  if (lane.fd >= 0) lane.end = fd_size(lane.fd);
  return lane.end;
}

}  // namespace bfc::runtime
