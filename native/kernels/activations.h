// Elementwise activations on n contiguous floats, forward and backward.
//   sigmoid  y = 1/(1+e^-x)            dx = dy · y(1-y)
//   tanh     y = tanh x                dx = dy · (1-y²)
//   relu     y = max(0,x)              dx = dy · 1[x > 0]
//   leaky    y = x>0 ? x : s·x         dx = dy · (x>0 ? 1 : s)          s = slope (default 0.1)
//   elu      y = x>0 ? x : α(e^x-1)    dx = dy · (x>0 ? 1 : y+α)        α = alpha (default 1)
//   identity y = x                     dx = dy
//   prelu    y = x>0 ? x : a_c·x       dx = dy · (x>0 ? 1 : a_c)        a [C] learned, c = i mod cols
//            da_c += Σ dy·x over x<=0 of channel c (accumulates, as gradients do)
// x, y, dy, dx may alias exactly (in place) but must not partially overlap. NaN propagates.
// Each call runs the best SIMD variant simd_level() allows (simd/f32_ukernels.h); sigmoid, tanh and ELU forward
// and PReLU on 2^18 floats and more, every other backward on 2^21 and more, are split over the thread pool.
#pragma once
#include <cstddef>

namespace nnkit {

// The one list of activation kinds: X(enumerator, name). The addon exports the names in enum order
// (`activationKinds`), and src/backend/native.ts maps TypeScript's names to codes from that export.
#define NNKIT_ACTIVATIONS(X)  \
  X(identity, "identity")     \
  X(sigmoid, "sigmoid")       \
  X(tanh, "tanh")             \
  X(relu, "relu")             \
  X(leaky_relu, "leaky-relu") \
  X(elu, "elu")

#define NNKIT_ACTIVATION_ENUMERATOR(id, name) id,
enum class Activation : int { NNKIT_ACTIVATIONS(NNKIT_ACTIVATION_ENUMERATOR) };
#undef NNKIT_ACTIVATION_ENUMERATOR

#define NNKIT_ACTIVATION_NAME(id, name) name,
inline constexpr const char* kActivationNames[] = {NNKIT_ACTIVATIONS(NNKIT_ACTIVATION_NAME)};
#undef NNKIT_ACTIVATION_NAME
inline constexpr int kActivationCount = sizeof(kActivationNames) / sizeof(kActivationNames[0]);

// param: slope for leaky_relu, alpha for elu, unused otherwise.
void activation_forward_f32(Activation kind, size_t n, const float* x, float* y, float param);
// Needs x (relu, leaky_relu, elu) and y (sigmoid, tanh, elu); both are always passed.
void activation_backward_f32(Activation kind, size_t n, const float* x, const float* y, const float* dy, float* dx,
                             float param);

// y = e^x with the vectorized exp of simd/exp_f32.inl (max relative error 1e-7; exposed for its tests).
void exp_f32(size_t n, const float* x, float* y);

// x, y [rows, cols]; slope has `channels` entries: 1 (shared) or cols (per column).
void prelu_forward_f32(size_t rows, size_t cols, const float* x, const float* slope, size_t channels, float* y);
void prelu_backward_f32(size_t rows, size_t cols, const float* x, const float* dy, const float* slope, size_t channels,
                        float* dx, float* dslope);

// Maxout: x [rows, groups·k] laid out group-major (unit g owns columns g·k .. g·k+k-1);
// y [rows, groups] = max over each group, argmax [rows, groups] = winning column within the group.
void max_groups_forward_f32(size_t rows, size_t groups, size_t k, const float* x, float* y, int* argmax);
// dx [rows, groups·k] = dy scattered to the winners, zeros elsewhere.
void max_groups_backward_f32(size_t rows, size_t groups, size_t k, const float* dy, const int* argmax, float* dx);

}  // namespace nnkit
