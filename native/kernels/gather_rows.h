// Row gather, the mini-batch copy of a training loop: dst [rows, cols] row i = src row index[i] (src [srcRows, cols],
// index[i] in [0, srcRows), checked by the binding).
#pragma once
#include <cstddef>
#include <cstdint>

namespace nnkit {

void gather_rows_f32(size_t rows, size_t cols, const float* src, const int32_t* index, float* dst);

}  // namespace nnkit
