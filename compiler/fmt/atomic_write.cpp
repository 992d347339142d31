// Temp file + fsync + rename, with the original mode kept.
#include "fmt/atomic_write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bfc::fmtlib {

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

bool write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    s.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

bool write_file_atomically(const std::string& path, std::string_view content, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target = path;
  if (fs::is_symlink(target, ec)) {
    target = fs::canonical(target, ec);
    if (ec) {
      error = "cannot resolve symlink " + path + ": " + ec.message();
      return false;
    }
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) {
    error = "cannot stat " + path + ": " + errno_text();
    return false;
  }

  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::string tmpl = (dir / ("." + target.filename().string() + ".bfcfmt-XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    error = "cannot create a temporary file next to " + path + ": " + errno_text();
    return false;
  }
  auto fail = [&](const std::string& what) {
    error = what + ": " + errno_text();
    ::close(fd);
    ::unlink(tmpl.c_str());
    return false;
  };
  if (!write_all(fd, content)) return fail("cannot write " + tmpl);
  if (::fchmod(fd, st.st_mode & 07777) != 0) return fail("cannot set the mode of " + tmpl);
  if (::fsync(fd) != 0) return fail("cannot sync " + tmpl);
  if (::close(fd) != 0) {
    error = "cannot close " + tmpl + ": " + errno_text();
    ::unlink(tmpl.c_str());
    return false;
  }
  if (::rename(tmpl.c_str(), target.c_str()) != 0) {
    error = "cannot replace " + path + ": " + errno_text();
    ::unlink(tmpl.c_str());
    return false;
  }
  // Make the rename itself durable.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

bool read_file(const std::string& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path + ": " + errno_text();
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    error = "cannot read " + path;
    return false;
  }
  out = ss.str();
  return true;
}

}  // namespace bfc::fmtlib
