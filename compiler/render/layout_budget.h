// Bounds dot's layout time on big graphs. Network simplex (ranking, x coordinates) and
// crossing minimisation dominate dot's time beyond ~1,000 nodes; these attributes cap
// their iterations in exchange for a somewhat less tidy drawing. They are written into the
// scene, so a `.dot` output lays out just as fast with the dot tool.
#pragma once

#include "render/scene.h"

namespace bfc::render {

// Sets nslimit, nslimit1, mclimit, searchsize (and, for the largest, straight edges)
// according to the scene's size, and turns edge labels into external labels (xlabel),
// which cost nothing during ranking. Small scenes are left alone.
void apply_layout_budget(Scene& scene);

// For bitmaps: scales a drawing down to at most 100 x 100 inches (9,600 pixels a side at
// 96 dpi), so a 2,000-task PNG stays a few seconds and ~150 MB instead of growing without
// bound. SVG needs no cap.
void apply_bitmap_limit(Scene& scene);

}  // namespace bfc::render
