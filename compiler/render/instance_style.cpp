#include "render/instance_style.h"

#include <fmt/format.h>

#include "render/style.h"

namespace bfc::render {

uint32_t add_group_cluster(Scene& s, const Group& grp, std::string label) {
  uint32_t c = s.add_cluster(fmt::format("cluster_g{}", grp.id));
  Attrs& a = s.clusters[c].attrs;
  set_attr(a, "label", std::move(label));
  set_attr(a, "style", "rounded");
  set_attr(a, "color", "#8a9bbd");
  set_attr(a, "id", fmt::format("group-{}", grp.id));
  set_attr(a, "class", "group");
  return c;
}

std::string paint_instance_node(Attrs& a, std::string_view kind, Role r, bool isolated, bool loop) {
  const RoleStyle& st = role_style(r);
  std::string cls = std::string(kind) + " role-" + st.css;
  set_attr(a, "fillcolor", st.fill);
  set_attr(a, "color", st.border);
  set_attr(a, "style", st.style);
  if (isolated) {
    cls += " isolated";
    set_attr(a, "color", kAlertColor);
    set_attr(a, "penwidth", "2.5");
    set_attr(a, "style", "rounded,filled,dashed");
  }
  if (loop) {
    cls += " loop";
    mark_loop_node(a);
  }
  return cls;
}

void add_role_boxes(Legend& legend, const std::set<Role>& seen) {
  for (Role r :
       {Role::Run, Role::DryRunExcluded, Role::DryRunNoPermission, Role::DryRunNotSelected})
    if (seen.count(r))
      legend.add_box(role_style(r).fill, role_style(r).border, role_style(r).caption);
}

}  // namespace bfc::render
