// Shared helpers for the render tests: load and analyze a fixture, render a scene, and
// read the SVG Graphviz produced (libxml2).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "driver/pipeline.h"
#include "frontend/loader.h"
#include "plan/instances.h"
#include "render/scene.h"

namespace bfc::render::test {

inline constexpr int64_t kToday = 19814;  // 2024-04-01

// A fixture loaded and analyzed; `plan` is the named backfill's instance graph.
struct Loaded {
  Program prog;
  DiagnosticSink diags;
  Analysis analysis;
  InstanceGraph plan;
  bool has_plan = false;
};

// tests/render/fixtures/NAME
std::string fixture(const std::string& name);
// Loads a plan file (through imports) and analyzes it; with `backfill`, that backfill too.
std::unique_ptr<Loaded> load(const std::string& path, const std::string& backfill = "");

// A scene node by DOT name (fails the test when missing).
const SceneNode& node(const Scene& s, const std::string& name);
// Whether the space-separated class list of `attrs` has `token`.
bool has_class(const Attrs& attrs, const std::string& token);
// Codes of the diagnostics, e.g. {"E0401", "W0003"}.
std::vector<std::string> codes(const DiagnosticSink& diags);

// One <g> element of a Graphviz SVG (node, edge or cluster).
struct SvgItem {
  std::string id;
  std::string cls;
  std::string title;
  std::vector<std::string> fills;    // fill="" of its shapes
  std::vector<std::string> strokes;  // stroke="" of its shapes and paths
  std::vector<std::string> texts;
};

// Parses an SVG document; `ok` is false when it is not well-formed XML.
struct Svg {
  bool ok = false;
  std::string root_name;
  std::map<std::string, SvgItem> by_id;
  std::vector<SvgItem> items;
  // Items whose class list has `token`.
  std::vector<const SvgItem*> with_class(const std::string& token) const;
};
Svg parse_svg(const std::string& bytes);

// Runs a command line; returns its exit status and fills `output` with stdout+stderr.
int run(const std::string& command, std::string* output = nullptr);

}  // namespace bfc::render::test
