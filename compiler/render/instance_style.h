// The look the two instance views share (one node per instance, and one node per task per
// group): group clusters, instance nodes marked isolated or on a loop, the role legend.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "plan/instances.h"
#include "render/legend.h"
#include "render/scene.h"
#include "sema/select.h"

namespace bfc::render {

// Adds the cluster of a group (the lane its dates run in, one after another) with `label`.
uint32_t add_group_cluster(Scene& s, const Group& grp, std::string label);

// Paints a node for its role, then as isolated and as on a loop when it is; returns its
// SVG class: `kind`, the role, then the marks ("instance role-run isolated loop").
std::string paint_instance_node(Attrs& a, std::string_view kind, Role r, bool isolated, bool loop);

// A legend box for each role in `seen` that an instance can have, in a fixed order.
void add_role_boxes(Legend& legend, const std::set<Role>& seen);

}  // namespace bfc::render
