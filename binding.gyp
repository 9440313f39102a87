{
  'targets': [
    {
      'target_name': 'nnkit',
      'includes': ['native/sources.gypi'],
      'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
      'defines': ['NAPI_VERSION=8', 'NAPI_CPP_EXCEPTIONS', 'NODE_ADDON_API_CPP_EXCEPTIONS_ALL', 'NNKIT_VERSION="<!(node -p \"require(\'./package.json\').version\")"'],
      'cflags!': ['-fno-exceptions'],
      'cflags_cc!': ['-fno-exceptions'],
      # Baseline ISA only (x86-64 SSE2 / ARMv8 NEON); faster paths carry function-level target attributes and are
      # chosen at run time. Never -march=native.
      'cflags_cc': ['-std=c++17', '-O3', '-fvisibility=hidden', '-Wall', '-Wextra', '-Wno-unused-parameter'],
      'ldflags': ['-pthread'],
      'xcode_settings': {
        'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
        'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
        'OTHER_CPLUSPLUSFLAGS': ['-O3', '-fvisibility=hidden'],
      },
      'msvs_settings': { 'VCCLCompilerTool': { 'ExceptionHandling': 1, 'AdditionalOptions': ['/std:c++17'] } },
    },
  ],
}
