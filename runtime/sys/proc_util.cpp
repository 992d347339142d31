// /proc parsing. Fields after the command name are counted from the last ')' because the
// name itself may contain spaces and parentheses.
#include "runtime/sys/proc_util.h"

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

bool process_has_env(int pid, const std::string& entry, EnvMatch match) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  std::string var;
  while (in && std::getline(in, var, '\0'))
    if (match == EnvMatch::Exact ? var == entry : var.compare(0, entry.size(), entry) == 0)
      return true;
  return false;
}

std::vector<int> processes_with_env(const std::string& entry, EnvMatch match) {
  std::vector<int> out;
  DIR* dir = opendir("/proc");
  if (!dir) return out;
  while (dirent* e = readdir(dir)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    if (!process_has_env(std::atoi(e->d_name), entry, match)) continue;
    auto f = stat_fields(e->d_name);
    if (!f.empty() && f[0] != "Z" && f[0] != "X") out.push_back(std::atoi(e->d_name));
  }
  closedir(dir);
  return out;
}

int process_group_of(int pid) {
  auto f = stat_fields(std::to_string(pid));
  return f.size() > 2 ? std::atoi(f[2].c_str()) : 0;
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
