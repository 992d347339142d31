// Replays files through the fuzz entry point in the normal build, so CI exercises the
// seed corpus and every crash input ever found (tests/cases for the front end,
// tests/fuzz/plan_regressions for plan loading) without clang.
// Usage: fuzz_replay PATH...  (files, or directories searched recursively)
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

static void run(const fs::path& p, size_t& count) {
  std::ifstream in(p, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  ++count;
}

int main(int argc, char** argv) {
  size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    fs::path root(argv[i]);
    if (!fs::exists(root)) continue;  // e.g. examples/ before anything is in it
    if (fs::is_regular_file(root)) {
      run(root, count);
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file()) files.push_back(e.path());
    for (const auto& f : files) run(f, count);
  }
  std::printf("replayed %zu inputs\n", count);
  return count > 0 ? 0 : 1;
}
