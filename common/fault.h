// Crash points for the "nothing lost, nothing twice" tests: a process killed
// at any point and run again must lose no mention and duplicate nothing.
// With VEILLE_CRASH_AT=<point> in the environment, CrashPoint(point) ends the
// process at once with _exit(86), without flushing or closing anything, the
// way a kill -9 would. Without it, CrashPoint costs one comparison. Model:
// leveldb's fault-injecting Env in tests, reduced to what a batch job needs.
#pragma once

namespace veille {

inline constexpr int kCrashExitCode = 86;
void CrashPoint(const char* point);

}  // namespace veille
