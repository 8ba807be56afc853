// Logging: spdlog's default logger, writing to stderr. `MR_LOG_INFO("x {}", y)` and friends.
// The level comes from MILLRACE_LOG_LEVEL (trace, debug, info, warn, error; default info).
#pragma once

#include <spdlog/spdlog.h>

namespace millrace {
// Sets up the default logger once per process. Safe to call more than once.
void InitLogging();
}  // namespace millrace

#define MR_LOG_DEBUG(...) SPDLOG_DEBUG(__VA_ARGS__)
#define MR_LOG_INFO(...) SPDLOG_INFO(__VA_ARGS__)
#define MR_LOG_WARN(...) SPDLOG_WARN(__VA_ARGS__)
#define MR_LOG_ERROR(...) SPDLOG_ERROR(__VA_ARGS__)
