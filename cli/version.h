// What `bfc --version` prints: the version and the git commit bfc was built from
// (generated at build time by cmake/version.cmake).
#pragma once

namespace bfc::cli {

// "bfc 0.1.0 (commit 1a2b3c4d5e6f)"; "-dirty" after the commit when the build had
// uncommitted changes, "unknown" when it was not built from a git checkout.
const char* version_line();

}  // namespace bfc::cli
