// Status and failure-kind names.
#include "state.h"

namespace bfc::runtime {

const char* status_name(Status s) {
  switch (s) {
    case Status::waiting: return "waiting";
    case Status::running: return "running";
    case Status::succeeded: return "succeeded";
    case Status::failed: return "failed";
    case Status::dry_run: return "dry_run";
    case Status::frozen: return "frozen";
  }
  return "?";
}

std::optional<Status> parse_status(std::string_view t) {
  for (Status s : {Status::waiting, Status::running, Status::succeeded, Status::failed, Status::dry_run, Status::frozen})
    if (t == status_name(s)) return s;
  return std::nullopt;
}

const char* fail_kind_name(FailKind k) {
  switch (k) {
    case FailKind::none: return "";
    case FailKind::attempt: return "attempt";
    case FailKind::propagated: return "propagated";
    case FailKind::interrupted: return "interrupted";
  }
  return "";
}

FailKind parse_fail_kind(std::string_view t) {
  if (t == "attempt") return FailKind::attempt;
  if (t == "propagated") return FailKind::propagated;
  if (t == "interrupted") return FailKind::interrupted;
  return FailKind::none;
}

}  // namespace bfc::runtime
