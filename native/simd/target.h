// Per-ISA code regions. NNKIT_TARGET_BEGIN("avx2,fma") … NNKIT_TARGET_END gives every function defined between
// them the function-level attribute __attribute__((target("avx2,fma"))) — templates included, which a
// per-function attribute cannot reach (the same device as Highway's HWY_BEFORE_NAMESPACE). The translation unit
// is still compiled for the x86-64 baseline; such code runs only after run-time dispatch (simd/cpu.h).
// Rule for code inside a region: internal linkage only (anonymous namespace) and no standard-library templates,
// so no ISA-specific copy of an inline function can be merged with the baseline one by the linker.
#pragma once

#if defined(__clang__)
#define NNKIT_PRAGMA(x) _Pragma(#x)
#define NNKIT_TARGET_BEGIN(isa) NNKIT_PRAGMA(clang attribute push(__attribute__((target(isa))), apply_to = function))
#define NNKIT_TARGET_END _Pragma("clang attribute pop")
#elif defined(__GNUC__)
#define NNKIT_PRAGMA(x) _Pragma(#x)
#define NNKIT_TARGET_BEGIN(isa) _Pragma("GCC push_options") NNKIT_PRAGMA(GCC target(isa))
#define NNKIT_TARGET_END _Pragma("GCC pop_options")
#else
#define NNKIT_TARGET_BEGIN(isa)
#define NNKIT_TARGET_END
#endif
