// Facts about processes from /proc, used to prove that a dead runner's children are gone.
#pragma once

#include <string>

namespace bfc::runtime {

// The kernel's boot id; a different one means every process of an earlier boot is gone.
std::string boot_id();

// Start time of `pid` in clock ticks since boot (field 22 of /proc/PID/stat), "" if no such
// process. Together with the boot id it identifies a process even after pid reuse.
std::string process_start_token(int pid);

// True while some process other than a zombie is in process group `pgid`.
bool process_group_alive(int pgid);

// This machine's host name.
std::string host_name();

// The operator's name: $USER, else the password database entry, else the uid.
std::string user_name();

}  // namespace bfc::runtime
