// The golden-file runner: each tests/cases/**/NAME.bf is one test. It runs the built bfc
// with the working directory tests/cases (so paths in the output are relative) and
// compares "exit: N\n" + stdout/stderr with NAME.expected beside the case.
//
// The first line of a case may say how to run it:
//   # bfc-test: check --format json      arguments; the case path is appended
//   # bfc-test: check --root sub {file}  `{file}` marks where the case path goes
//   # bfc-test: none                     not a case (a file other cases import)
//   # bfc-test: check {sparse:65M}       `{sparse:N}`/`{sparse:NM}`: a generated file of N
//                                        bytes / MiB of NULs (too big to commit); shown as <tmp>
//   # bfc-test: render -o {tmp}/x.svg    `{tmp}`: a scratch directory for outputs; shown as <tmp>
// Without such a line the command is `check`. Arguments are split at spaces.
//
// BFC_UPDATE_GOLDEN=1 rewrites the .expected files instead of comparing; a case whose file
// changed then fails (tests/golden.h), so an update run is never green by accident.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "golden.h"

namespace fs = std::filesystem;

namespace {

const fs::path kCases = fs::canonical(BFC_CASES_DIR);
const fs::path kSource = fs::canonical(BFC_SOURCE_DIR);
const fs::path kTmp = fs::temp_directory_path() / ("bfc-golden-" + std::to_string(getpid()));

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The arguments named on the case's `# bfc-test:` line, or {"check"}; empty for `none`.
std::vector<std::string> case_command(const std::string& text) {
  const std::string marker = "# bfc-test:";
  std::string first = text.substr(0, text.find('\n'));
  if (first.rfind(marker, 0) != 0) return {"check"};
  std::istringstream in(first.substr(marker.size()));
  std::vector<std::string> args;
  for (std::string w; in >> w;) args.push_back(w);
  if (args.size() == 1 && args[0] == "none") return {};
  return args;
}

// Every case below tests/cases, as a path relative to it, sorted.
std::vector<std::string> list_cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(kCases)) {
    if (!e.is_regular_file() || e.path().extension() != ".bf") continue;
    if (case_command(read_all(e.path())).empty()) continue;
    out.push_back(fs::relative(e.path(), kCases).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved as written
};

// Runs bfc with `args` in tests/cases, NO_COLOR set, the bundled stdlib, a CPU limit.
RunResult run_bfc(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    if (chdir(kCases.c_str()) != 0) _exit(126);
    setenv("NO_COLOR", "1", 1);
    unsetenv("BFC_STDLIB");
    rlimit cpu{30, 30};
    setrlimit(RLIMIT_CPU, &cpu);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(BFC_BINARY));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(BFC_BINARY, argv.data());
    _exit(127);
  }
  close(fds[1]);
  RunResult r;
  char buf[65536];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    r.output.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status))
    r.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    r.exit_code = 128 + WTERMSIG(status);
  return r;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size())
    s.replace(at, from.size(), to);
}

// Creates (once) a sparse file of the given size, e.g. "65M", and returns its path.
std::string sparse_file(const std::string& size) {
  uint64_t bytes = std::stoull(size);
  if (!size.empty() && size.back() == 'M') bytes <<= 20;
  fs::create_directories(kTmp);
  fs::path p = kTmp / ("sparse_" + size + ".bf");
  if (!fs::exists(p)) {
    std::ofstream(p, std::ios::binary).put('\0');
    fs::resize_file(p, bytes);
  }
  return p.string();
}

// Machine-specific absolute paths (import notes) become <cases>, <src> and <tmp>.
std::string normalize(std::string out) {
  replace_all(out, kTmp.string(), "<tmp>");
  replace_all(out, kCases.string(), "<cases>");
  replace_all(out, kSource.string(), "<src>");
  return out;
}

class Golden : public testing::TestWithParam<std::string> {};

TEST_P(Golden, Run) {
  const std::string rel = GetParam();
  const fs::path bf = kCases / rel;
  fs::path expected_path = bf;
  expected_path.replace_extension(".expected");

  std::vector<std::string> args = case_command(read_all(bf));
  bool placed = false;
  for (auto& a : args) {
    if (a.rfind("{sparse:", 0) == 0 && a.back() == '}') {
      a = sparse_file(a.substr(8, a.size() - 9));
      placed = true;
      continue;
    }
    if (a.find("{tmp}") != std::string::npos) {
      fs::create_directories(kTmp);
      replace_all(a, "{tmp}", kTmp.string());
    }
    if (a.find("{file}") == std::string::npos) continue;
    replace_all(a, "{file}", rel);
    placed = true;
  }
  if (!placed) args.push_back(rel);

  auto t0 = std::chrono::steady_clock::now();
  RunResult r = run_bfc(args);
  std::error_code ec;
  fs::remove_all(kTmp, ec);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(secs, 10.0) << "bfc took " << secs << " s on " << rel;
  ASSERT_LT(r.exit_code, 126) << "bfc crashed or could not start:\n" << r.output;

  std::string actual = "exit: " + std::to_string(r.exit_code) + "\n" + normalize(r.output);
  if (bfc::golden::update_golden(expected_path, actual)) return;
  ASSERT_TRUE(fs::exists(expected_path))
      << expected_path << " is missing; run with BFC_UPDATE_GOLDEN=1 to create it. Output:\n"
      << actual;
  EXPECT_EQ(read_all(expected_path), actual) << "case " << rel;
}

std::string case_name(const testing::TestParamInfo<std::string>& info) {
  std::string n = info.param.substr(0, info.param.size() - 3);  // drop ".bf"
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(cases, Golden, testing::ValuesIn(list_cases()), case_name);

}  // namespace
