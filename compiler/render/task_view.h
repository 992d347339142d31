// The task view: one node per task, workspaces as clusters, `after` edges labelled with
// their offsets. Given a backfill's instance graph, nodes also show what the backfill does
// to each task (runs, dry-run and why, dropped, not selected), the roots and the instance
// counts. Dependency loops are painted red.
#pragma once

#include "plan/instances.h"
#include "render/scene.h"
#include "sema/model.h"
#include "sema/task_graph.h"

namespace bfc::render {

// `plan` may be null (no backfill chosen): then tasks are drawn without roles.
Scene build_task_scene(const Model& model, const TaskGraph& graph, const InstanceGraph* plan);

// "workspace etl" plus its members when restricted; shared with the instance view.
std::string workspace_caption(const Workspace& ws);

// The SVG id of a task's node ("task-NAME").
std::string task_node_id(const Task& task);

}  // namespace bfc::render
