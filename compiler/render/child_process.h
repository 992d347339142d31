// Runs a piece of work in a forked child and brings its result back over a pipe. Used for
// Graphviz layouts: a Graphviz assertion or crash, a layout that runs away, or the memory
// gvc leaks per layout then end with the child, and the parent reports an error instead of
// dying or hanging.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace bfc::render {

// What happened to a piece of work run in a child process.
struct ChildOutcome {
  bool finished = false;              // the child ran `work` to the end and reported back
  bool ok = false;                    // what `work` returned
  std::string bytes;                  // what `work` produced
  std::vector<std::string> messages;  // messages `work` collected
  std::string failure;                // why the child did not finish (signal, time limit)
};

// Calls `work(bytes, messages)` in a child process with a limit of `seconds` of wall time.
ChildOutcome run_in_child(const std::function<bool(std::string&, std::vector<std::string>&)>& work,
                          unsigned seconds);

}  // namespace bfc::render
