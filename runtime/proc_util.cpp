// /proc parsing. Fields after the command name are counted from the last ')' because the
// name itself may contain spaces and parentheses.
#include "proc_util.h"

#include <dirent.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace bfc::runtime {
namespace {

// Fields 3.. of /proc/PID/stat (state is [0], ppid [1], pgrp [2], ...), empty if unreadable.
std::vector<std::string> stat_fields(const std::string& pid_dir) {
  std::ifstream in("/proc/" + pid_dir + "/stat");
  std::string line;
  if (!std::getline(in, line)) return {};
  auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields;
  std::string f;
  while (rest >> f) fields.push_back(f);
  return fields;
}

}  // namespace

std::string boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  return id;
}

std::string process_start_token(int pid) {
  auto f = stat_fields(std::to_string(pid));
  return f.size() > 19 ? f[19] : std::string();  // field 22 overall
}

bool process_group_alive(int pgid) {
  DIR* dir = opendir("/proc");
  if (!dir) return true;  // cannot prove anything: assume alive
  bool alive = false;
  while (dirent* e = readdir(dir)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    auto f = stat_fields(e->d_name);
    if (f.size() > 2 && f[0] != "Z" && f[0] != "X" && std::atoi(f[2].c_str()) == pgid) {
      alive = true;
      break;
    }
  }
  closedir(dir);
  return alive;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown-host";
  return buf;
}

std::string user_name() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
  return "uid " + std::to_string(getuid());
}

}  // namespace bfc::runtime
