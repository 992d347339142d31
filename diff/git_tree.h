// `REV:PATH` inputs of `bfc diff`: the `.bf` files of a git revision, written to a temporary
// directory so that a plan compiles with its imports as they were at that revision.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace bfc::diff {

// A temporary copy of a revision's `.bf` files; removed when destroyed.
class GitTree {
 public:
  // Extracts every `.bf` file of `rev` (git archive, run in the current directory's
  // repository) under a new temporary directory. On failure returns nullopt with `error`.
  static std::optional<GitTree> extract(const std::string& rev, std::string& error);
  GitTree(GitTree&& o) noexcept : root_(std::move(o.root_)), prefix_(std::move(o.prefix_)) {
    o.root_.clear();
  }
  GitTree(const GitTree&) = delete;
  GitTree& operator=(const GitTree&) = delete;
  GitTree& operator=(GitTree&& o) noexcept {
    std::swap(root_, o.root_);
    std::swap(prefix_, o.prefix_);
    return *this;
  }
  ~GitTree();

  // The directory holding the revision's tree (its root is the repository's root).
  const std::string& root() const { return root_; }
  // Where `path` (as git reads `REV:path`: from the repository root, or from the current
  // directory when it starts with ./ or ../) is in the copy.
  std::string locate(const std::string& path) const;

 private:
  GitTree() = default;
  std::string root_;
  std::string prefix_;  // the current directory inside the repository ("plans/")
};

// Whether `arg` names a revision and a path (`REV:PATH`) rather than a file: it is not an
// existing file and has a colon with something on both sides.
bool is_rev_path(const std::string& arg, std::string& rev, std::string& path);

}  // namespace bfc::diff
