// One output row of the 2 × 2, stride-2, unpadded max pool (kernels/pool2d.cc), the CNN's usual pooling: for
// ow < count,
//   y[ow] = the first maximum of r0[2·ow], r0[2·ow + 1], r1[2·ow], r1[2·ow + 1] (in that order; ties keep the
//   earlier tap), at[ow] = its index in the plane: i0 + 2·ow + j for a tap of r0, i1 + 2·ow + j for r1.
// Returns false when any of those inputs is a NaN (y and at then hold garbage: the caller redoes the row with the
// reference's first-NaN-wins rule). Only an AVX-512 variant exists: other ISAs keep the tap-by-tap loops.
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnkit {

using MaxPool2x2RowF32 = bool (*)(size_t count, const float* r0, const float* r1, int32_t i0, int32_t i1, float* y,
                                  int32_t* at);

// The variant simd_level() allows, or null.
MaxPool2x2RowF32 max_pool2x2_row_f32();

}  // namespace nnkit
