// Reading and atomically replacing files with plain POSIX calls.
#include "common/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace bfc {

namespace fs = std::filesystem;

bool read_file(const std::string& path, std::string& out, std::string* error) {
  out.clear();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  std::error_code ec;
  std::uintmax_t size = fs::is_regular_file(path, ec) ? fs::file_size(path, ec) : 0;
  if (!ec && size > 0) {
    out.resize(size);
    in.read(out.data(), static_cast<std::streamsize>(size));
    out.resize(static_cast<std::size_t>(in.gcount()));  // it shrank meanwhile
    if (!in) return true;
  }
  out.append(std::istreambuf_iterator<char>(in),
             std::istreambuf_iterator<char>());  // grew, or not a file
  if (in.bad()) {
    if (error) *error = "cannot read " + path;
    return false;
  }
  return true;
}

bool read_file_bounded(const std::string& path, std::uintmax_t max_bytes, std::size_t head_bytes,
                       std::string& out, std::uintmax_t& size) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  size = fs::file_size(path, ec);
  if (ec) return false;
  if (size <= max_bytes) {
    if (!read_file(path, out)) return false;
    size = out.size();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.resize(head_bytes);
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  out.resize(static_cast<std::size_t>(in.gcount()));
  return true;
}

std::int64_t fd_size(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 ? std::int64_t(st.st_size) : -1;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

namespace {

std::string errno_text() {
  return std::strerror(errno);
}

}  // namespace

bool write_atomically(const std::string& path, const std::function<bool(int fd)>& writer,
                      std::string& error, const AtomicWriteOptions& options) {
  fs::path target = path;
  mode_t mode = 0644;
  std::error_code ec;
  if (options.keep_original) {
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
    mode = st.st_mode & 07777;
  }
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string tmp = (dir / ("." + target.filename().string() + ".tmpXXXXXX")).string();
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    error = "cannot create a file in `" + dir.string() + "`: " + errno_text();
    return false;
  }
  auto fail = [&](const std::string& what, int saved) {
    if (error.empty()) error = what + ": " + std::strerror(saved);
    ::unlink(tmp.c_str());
    return false;
  };
  bool ok = writer(fd);
  int saved = errno;
  if (ok && ::fchmod(fd, mode) != 0) ok = false, saved = errno;
  if (ok && options.durable && ::fsync(fd) != 0) ok = false, saved = errno;
  if (::close(fd) != 0 && ok) ok = false, saved = errno;
  if (!ok) return fail("cannot write `" + path + "`", saved);
  if (::rename(tmp.c_str(), target.c_str()) != 0)
    return fail("cannot replace `" + path + "`", errno);
  if (options.durable) {  // make the rename itself durable
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }
  return true;
}

bool write_atomically(const std::string& path, std::string_view content, std::string& error,
                      const AtomicWriteOptions& options) {
  return write_atomically(
      path, [content](int fd) { return write_all(fd, content); }, error, options);
}

}  // namespace bfc
