// Facts about processes from /proc, used to prove that a dead runner's children are gone.
#pragma once

#include <string>
#include <vector>

namespace bfc::runtime {

// The kernel's boot id; a different one means every process of an earlier boot is gone.
std::string boot_id();

// Start time of `pid` in clock ticks since boot (field 22 of /proc/PID/stat), "" if no such
// process. Together with the boot id it identifies a process even after pid reuse.
std::string process_start_token(int pid);

// True while some process other than a zombie is in process group `pgid`.
bool process_group_alive(int pgid);

// How an environment entry is matched: the whole "NAME=value", or its beginning.
enum class EnvMatch { Exact, Prefix };

// Pids of live (non-zombie) processes whose environment contains `entry` ("NAME=value"), or
// with EnvMatch::Prefix an entry starting with it. Processes of other users are not readable
// and never match.
std::vector<int> processes_with_env(const std::string& entry, EnvMatch match = EnvMatch::Exact);

// True when process `pid` exists and its environment contains `entry` (or, with
// EnvMatch::Prefix, an entry starting with it).
bool process_has_env(int pid, const std::string& entry, EnvMatch match = EnvMatch::Exact);

// Process group of `pid`, or 0 if it is gone.
int process_group_of(int pid);

// This machine's host name.
std::string host_name();

// The operator's name: $USER, else the password database entry, else the uid.
std::string user_name();

}  // namespace bfc::runtime
