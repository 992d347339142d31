// Status and failure-kind names.
#include "runtime/state/state.h"

namespace bfc::runtime {

const char* status_name(Status s) {
  switch (s) {
    case Status::Waiting:
      return "waiting";
    case Status::Running:
      return "running";
    case Status::Succeeded:
      return "succeeded";
    case Status::Failed:
      return "failed";
    case Status::DryRun:
      return "dry_run";
    case Status::Frozen:
      return "frozen";
  }
  return "?";
}

std::optional<Status> parse_status(std::string_view t) {
  for (Status s : {Status::Waiting, Status::Running, Status::Succeeded, Status::Failed,
                   Status::DryRun, Status::Frozen})
    if (t == status_name(s)) return s;
  return std::nullopt;
}

const char* fail_kind_name(FailKind k) {
  switch (k) {
    case FailKind::None:
      return "";
    case FailKind::Attempt:
      return "attempt";
    case FailKind::Propagated:
      return "propagated";
    case FailKind::Interrupted:
      return "interrupted";
  }
  return "";
}

FailKind parse_fail_kind(std::string_view t) {
  if (t == "attempt") return FailKind::Attempt;
  if (t == "propagated") return FailKind::Propagated;
  if (t == "interrupted") return FailKind::Interrupted;
  return FailKind::None;
}

}  // namespace bfc::runtime
