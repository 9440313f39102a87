// The scalar variants of the f32 micro-kernels: the same algorithms (the same exp polynomial) one float at a time,
// for NNKIT_SIMD=scalar and for architectures without a vector variant here.
#include <cstdint>
#include <cstring>

#include "f32_ukernels.h"

namespace nnkit {
namespace {
#include "vec_f32__scalar.inl"
#include "exp_f32.inl"
#include "f32_ukernels.inl"
}  // namespace
#define NNKIT_ISA scalar
#include "f32_variants.inl"
#undef NNKIT_ISA
}  // namespace nnkit
