#include "diff/git_tree.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common/file_io.h"

extern char** environ;

namespace bfc::diff {

namespace fs = std::filesystem;

namespace {

// Runs argv (PATH searched) with stdout to `out_path` (or /dev/null) and stderr to
// `err_path`; returns the exit status, or -1 when it could not start.
int run(const std::vector<std::string>& argv, const std::string& out_path,
        const std::string& err_path) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
                                   out_path.empty() ? "/dev/null" : out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string first_line(const std::string& path) {
  std::string text;
  if (!read_file(path, text)) return "";
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto nl = text.find('\n');
  return nl == std::string::npos ? text : text.substr(0, nl) + " …";
}

}  // namespace

bool is_rev_path(const std::string& arg, std::string& rev, std::string& path) {
  std::error_code ec;
  if (fs::exists(arg, ec)) return false;
  auto colon = arg.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == arg.size()) return false;
  rev = arg.substr(0, colon);
  path = arg.substr(colon + 1);
  return true;
}

std::optional<GitTree> GitTree::extract(const std::string& rev, std::string& error) {
  char tmpl[] = "/tmp/bfc-diff-XXXXXX";
  if (!mkdtemp(tmpl)) {
    error = std::string("cannot make a temporary directory: ") + std::strerror(errno);
    return std::nullopt;
  }
  GitTree t;
  t.root_ = tmpl;
  std::string err = t.root_ + "/.git-stderr", prefix = t.root_ + "/.prefix";
  if (run({"git", "rev-parse", "--show-prefix"}, prefix, err) != 0) {
    error = "not in a git repository (REV:PATH needs one): " + first_line(err);
    return std::nullopt;
  }
  t.prefix_ = first_line(prefix);
  std::string top = t.root_ + "/.top";
  if (run({"git", "rev-parse", "--show-toplevel"}, top, err) != 0) {
    error = "cannot find the repository's top directory: " + first_line(err);
    return std::nullopt;
  }
  std::string tar = t.root_ + "/.tree.tar";
  // Only `.bf` files: a plan and its imports, whatever else the repository holds. From the
  // top directory: in a subdirectory git archive would take that subtree only.
  if (run({"git", "-C", first_line(top), "archive", "--format=tar", "-o", tar, rev, "--",
           ":(glob)**/*.bf"},
          "", err) != 0) {
    error = "git archive " + rev + " failed: " + first_line(err);
    return std::nullopt;
  }
  if (run({"tar", "-xf", tar, "-C", t.root_}, "", err) != 0) {
    error = "cannot unpack the files of " + rev + ": " + first_line(err);
    return std::nullopt;
  }
  return t;
}

std::string GitTree::locate(const std::string& path) const {
  if (path.rfind("./", 0) == 0 || path.rfind("../", 0) == 0)
    return (fs::path(root_) / prefix_ / path).lexically_normal().string();
  return (fs::path(root_) / path).lexically_normal().string();
}

GitTree::~GitTree() {
  if (root_.empty()) return;
  std::error_code ec;
  fs::remove_all(root_, ec);
}

}  // namespace bfc::diff
