#!/usr/bin/env bash
# Configures and builds one flavour of the project into build/<flavour>:
#   release  optimised programs (the main job) and the benchmarks
#   test     debug build with AddressSanitizer and UndefinedBehaviorSanitizer, warnings as errors
set -euo pipefail
cd "$(dirname "$0")/.."

flavour=${1:-release}
case "$flavour" in
    release) options=(-DCMAKE_BUILD_TYPE=Release -DLOCUST_BUILD_TESTS=OFF -DLOCUST_BUILD_BENCHMARKS=ON) ;;
    test) options=(-DCMAKE_BUILD_TYPE=Debug -DLOCUST_WARNINGS_AS_ERRORS=ON -DLOCUST_SANITIZE=ON) ;;
    *) echo "usage: $0 [release|test]" >&2; exit 2 ;;
esac

# Progress goes to stderr, so that a caller's stdout carries only what the program prints.
# clang, because GCC 12 (Debian 12's) miscompiles coroutines; see CMakeLists.txt.
export CC=clang CXX=clang++
cmake -S . -B "build/$flavour" -G Ninja "${options[@]}" >&2
cmake --build "build/$flavour" >&2
