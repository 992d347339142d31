// Front-end benchmark: times lexing alone and lex + parse + AST building (parse_file) of
// one file, with no semantic checks, and reports throughput and peak RSS.
// Usage: parse_bench FILE [--iterations N] [--lex-only]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include "frontend/lexer.h"
#include "frontend/parser.h"

namespace {

double wall() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Process CPU time: the machine may be shared (a fuzzer, other builds), so wall time alone
// would measure the neighbours too.
double cpu() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: parse_bench FILE [--iterations N] [--lex-only]\n");
    return 2;
  }
  int iterations = 3;
  bool lex_only = false;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--iterations") && i + 1 < argc)
      iterations = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--lex-only"))
      lex_only = true;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "parse_bench: cannot read %s\n", argv[1]);
    return 2;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  bfc::SourceManager sm;
  uint32_t id = sm.add(argv[1], argv[1], ss.str());
  const std::string& text = sm.file(id).text;
  double mb = text.size() / 1e6;
  long base_kb = peak_rss_kb();

  double best = 1e9, best_wall = 1e9;
  size_t tokens = 0, decls = 0, errors = 0;
  for (int it = 0; it < iterations; ++it) {
    bfc::DiagnosticSink diags;
    double t0 = cpu(), w0 = wall();
    if (lex_only) {
      bfc::LexResult r = bfc::lex(id, text, diags);
      tokens = r.tokens.size();
    } else {
      bfc::ast::File f = bfc::parse_file(id, text, diags);
      decls = f.decls.size();
    }
    best = std::min(best, cpu() - t0);
    best_wall = std::min(best_wall, wall() - w0);
    errors = diags.error_count();
  }
  long peak_kb = peak_rss_kb();
  std::printf("%s: %.2f MB, %s\n", argv[1], mb, lex_only ? "lex only" : "lex + parse + AST");
  if (lex_only)
    std::printf("  tokens: %zu\n", tokens);
  else
    std::printf("  declarations: %zu\n", decls);
  std::printf("  errors: %zu\n", errors);
  std::printf("  best of %d: %.3f s CPU = %.1f MB/s (wall %.3f s = %.1f MB/s)\n", iterations, best,
              mb / best, best_wall, mb / best_wall);
  std::printf("  peak RSS: %.1f MB (%.1fx input); before parsing: %.1f MB\n", peak_kb / 1024.0,
              peak_kb * 1024.0 / text.size(), base_kb / 1024.0);
  return errors ? 1 : 0;
}
