#include "render/style.h"

#include <fmt/format.h>

namespace bfc::render {

const RoleStyle& role_style(Role r) {
  static const RoleStyle kRun{"run", "#c9ecc9", "#2e7d32", "rounded,filled", "selected: runs"};
  static const RoleStyle kDryExcluded{"dry-run-excluded", "#fff2b3", "#b08900",
                                      "rounded,filled,dashed", "dry-run: excluded"};
  static const RoleStyle kDryNoPerm{"dry-run-no-permission", "#ffd9b0", "#c25e00",
                                    "rounded,filled,dashed", "dry-run: no permission"};
  static const RoleStyle kDryNotSelected{"dry-run-not-selected", "#fff3b0", "#8a7400",
                                         "rounded,filled,dashed", "dry-run: not selected"};
  static const RoleStyle kDroppedExcluded{"dropped-excluded", "#e4e4e4", "#7a7a7a",
                                          "rounded,filled,dotted", "dropped: excluded"};
  static const RoleStyle kDroppedNoPerm{"dropped-no-permission", "#e4e4e4", "#7a7a7a",
                                        "rounded,filled,dotted", "dropped: no permission"};
  static const RoleStyle kNotSelected{"not-selected", "#ffffff", "#b5b5b5", "rounded,filled",
                                      "not selected"};
  switch (r) {
    case Role::Run:
      return kRun;
    case Role::DryRunExcluded:
      return kDryExcluded;
    case Role::DryRunNoPermission:
      return kDryNoPerm;
    case Role::DryRunNotSelected:
      return kDryNotSelected;
    case Role::DroppedExcluded:
      return kDroppedExcluded;
    case Role::DroppedNoPermission:
      return kDroppedNoPerm;
    case Role::NotSelected:
      break;
  }
  return kNotSelected;
}

void apply_base_style(Scene& scene, std::string_view rankdir) {
  set_attr(scene.graph_attrs, "rankdir", std::string(rankdir));
  // dot's older cluster ranking aborts on some edge orders (rank.c: cluster_leader
  // assertion, Graphviz 2.43) and cannot be caught; the global ranking has no such path.
  set_attr(scene.graph_attrs, "newrank", "true");
  set_attr(scene.graph_attrs, "fontname", "Helvetica,Arial,sans-serif");
  set_attr(scene.graph_attrs, "fontsize", "12");
  set_attr(scene.graph_attrs, "labelloc", "t");
  set_attr(scene.graph_attrs, "nodesep", "0.25");
  set_attr(scene.graph_attrs, "ranksep", "0.5");
  set_attr(scene.graph_attrs, "bgcolor", "white");
  set_attr(scene.cluster_defaults, "fontname", "Helvetica,Arial,sans-serif");
  set_attr(scene.cluster_defaults, "fontsize", "12");
  set_attr(scene.node_defaults, "shape", "box");
  set_attr(scene.node_defaults, "style", "rounded,filled");
  set_attr(scene.node_defaults, "fontname", "Helvetica,Arial,sans-serif");
  set_attr(scene.node_defaults, "fontsize", "11");
  set_attr(scene.node_defaults, "fillcolor", kPlainFill);
  set_attr(scene.node_defaults, "color", "#4a5a7a");
  set_attr(scene.edge_defaults, "fontname", "Helvetica,Arial,sans-serif");
  set_attr(scene.edge_defaults, "fontsize", "10");
  set_attr(scene.edge_defaults, "color", "#4a5a7a");
  set_attr(scene.edge_defaults, "arrowsize", "0.7");
}

void mark_loop_node(Attrs& node) {
  set_attr(node, "color", kAlertColor);
  set_attr(node, "fontcolor", kAlertColor);
  set_attr(node, "penwidth", "2.5");
}

void mark_loop_edge(Attrs& edge) {
  set_attr(edge, "color", kAlertColor);
  set_attr(edge, "fontcolor", kAlertColor);
  set_attr(edge, "penwidth", "2.5");
}

std::string format_offset(int64_t minutes) {
  if (minutes == 0) return "";
  std::string out = minutes < 0 ? "-" : "+";
  uint64_t m = static_cast<uint64_t>(minutes < 0 ? -minutes : minutes);
  if (m >= 1440) out += fmt::format("{}d", m / 1440), m %= 1440;
  if (m >= 60) out += fmt::format("{}h", m / 60), m %= 60;
  if (m > 0) out += fmt::format("{}m", m);
  return out;
}

std::string group_digits(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

std::string plural(uint64_t n, std::string_view one, std::string_view many) {
  return group_digits(n) + " " + std::string(n == 1 ? one : many);
}

std::string label_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string html_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace bfc::render
