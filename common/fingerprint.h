// Instance fingerprints (docs/plan-format.md, "Fingerprints"): what an instance does and
// writes, hashed so that two versions of a plan can be compared instance by instance.
// The compiler writes them into the plan; the runtime computes them for plans of the
// previous format. Both feed the same fields, in the same order, through these functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace bfc {

// Builds one instance's fingerprint: the first 64 bits of SHA-256 over "bfc-fp/1" and the
// fields, each length-prefixed so that no two field lists encode alike.
class FingerprintBuilder {
 public:
  FingerprintBuilder() { reset(); }
  // Starts a new fingerprint.
  void reset();
  // Appends a string field.
  void field(std::string_view v);
  // Appends a field that is absent (a null workspace), distinct from every string.
  void null_field();
  // Appends the command: a shell string, or an argv list of `n` items given by field().
  void command_text(std::string_view text);
  void command_list(std::size_t n);
  // Appends the container image, after the command; only for an instance that has one, so
  // that an instance without one keeps the fingerprint it had before images existed.
  void image(std::string_view ref);
  // The fingerprint of the fields appended since reset().
  std::uint64_t finish() const;

 private:
  std::string buf_;
};

// The lineage of an instance: its own fingerprint, the lineages of the instances it depends
// on inside the plan, and the ids of those it depends on outside it (both as sets: their
// order does not count). Two versions of an instance have equal lineages exactly when neither
// it nor anything upstream of it changed (up to hash collisions, 2^-64 per instance).
std::uint64_t lineage_of(std::uint64_t fingerprint, std::vector<std::uint64_t>& dep_lineages,
                         std::vector<std::string_view>& external_ids);

// The lineages of `n` instances, upstream first (an iterative depth-first walk over an
// acyclic dependency graph): deps(i, out) appends instance i's dependencies (indices),
// externals(i, out) the ids of those outside the plan. Compiler and runtime both use this,
// so a plan's lineages and those computed for a bfc-plan/1 plan cannot drift apart.
std::vector<std::uint64_t> lineages(
    std::size_t n, const std::vector<std::uint64_t>& fingerprints,
    const std::function<void(std::size_t, std::vector<std::size_t>&)>& deps,
    const std::function<void(std::size_t, std::vector<std::string>&)>& externals);

// 16 lower-case hex digits, and back (false unless exactly 16 hex digits).
std::string fingerprint_hex(std::uint64_t v);
bool parse_fingerprint_hex(std::string_view s, std::uint64_t& out);

}  // namespace bfc
