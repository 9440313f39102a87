# The one list of native sources. binding.gyp includes it; CMakeLists.txt parses it. Paths relative to native/.
{
  'sources': [
    'binding/addon.cc',
    'binding/args.cc',
    'binding/gemm_binding.cc',
    'binding/activations_binding.cc',
    'binding/batchnorm_binding.cc',
    'binding/softmax_binding.cc',
    'binding/elementwise_binding.cc',
    'kernels/gemm.cc',
    'kernels/activations.cc',
    'kernels/batchnorm.cc',
    'kernels/softmax.cc',
    'kernels/elementwise.cc',
    'simd/cpu.cc',
    'runtime/thread_pool.cc',
  ],
}
