// The update switch of the golden-file tests (tests/cases, tests/render, tests/fmt):
// with BFC_UPDATE_GOLDEN set, a test rewrites its golden file instead of comparing, and
// fails when it wrote something, so a run with the variable set is never green by accident.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace bfc::golden {

// True when BFC_UPDATE_GOLDEN is set to anything but "" or "0".
inline bool update_mode() {
  const char* v = std::getenv("BFC_UPDATE_GOLDEN");
  return v && *v && std::string(v) != "0";
}

// In update mode: writes `actual` to `path` if it differs (or is missing) and fails the
// test naming the file; says so when the file already held `actual` (nothing written, the
// test passes: it compared equal). Returns false outside update mode: compare as usual.
inline bool update_golden(const std::filesystem::path& path, const std::string& actual) {
  if (!update_mode()) return false;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream old;
  old << in.rdbuf();
  if (in && old.str() == actual) {
    std::printf("unchanged %s (BFC_UPDATE_GOLDEN: nothing written)\n", path.c_str());
    return true;
  }
  std::ofstream out(path, std::ios::binary);
  out << actual;
  out.close();
  EXPECT_TRUE(out) << "cannot write " << path.string();
  ADD_FAILURE() << "updated " << path.string()
                << " (BFC_UPDATE_GOLDEN is set, so this test fails after writing: review the"
                   " diff, then run again without the variable)";
  return true;
}

}  // namespace bfc::golden
