#include "firehose/transform_transport.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

extern char** environ;

namespace millrace::firehose {

namespace {

constexpr size_t kStderrKept = 2000;

struct CurlSink {
  std::string body;
  size_t limit = 0;
  bool overflow = false;
  bool function_error = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<CurlSink*>(user);
  const size_t n = size * count;
  if (sink->body.size() + n > sink->limit) {
    sink->overflow = true;
    return 0;  // aborts the transfer
  }
  sink->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<CurlSink*>(user);
  const size_t n = size * count;
  constexpr std::string_view kFunctionError = "x-amz-function-error:";
  if (n >= kFunctionError.size() &&
      strncasecmp(data, kFunctionError.data(), kFunctionError.size()) == 0) {
    sink->function_error = true;
  }
  return n;
}

std::string Snippet(std::string_view text) {
  return std::string(text.substr(0, 300));
}

// Closes a descriptor once; -1 means closed.
void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

}  // namespace

Result<std::string> PostJson(const std::string& url, std::string_view body,
                             std::chrono::milliseconds timeout, size_t max_response_bytes) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Status::Internal("curl_easy_init failed");
  CurlSink sink;
  sink.limit = max_response_bytes;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &sink);
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (sink.overflow) {
    return Status::ResourceExhausted("the transform's response from " + url + " exceeds " +
                                     std::to_string(max_response_bytes) + " bytes");
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return Status::Timeout("the transform at " + url + " did not answer within " +
                           std::to_string(timeout.count()) + " ms");
  }
  if (rc != CURLE_OK) {
    return Status::Unavailable("cannot reach the transform at " + url + ": " +
                               curl_easy_strerror(rc));
  }
  if (status != 200 || sink.function_error) {
    return Status::Internal("the transform at " + url + " answered HTTP " + std::to_string(status) +
                            (sink.function_error ? " with X-Amz-Function-Error" : "") + ": " +
                            Snippet(sink.body));
  }
  return std::move(sink.body);
}

Result<std::string> RunCommand(const std::string& command, std::string_view input,
                               std::chrono::milliseconds timeout, size_t max_output_bytes) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return Status::FromErrno("pipe", errno);
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return Status::FromErrno("pipe", errno);
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    for (int fd : {in[0], in[1], out[0], out[1]}) close(fd);
    return Status::FromErrno("pipe", errno);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigset_t defaults;  // a server that ignores SIGPIPE must not pass that on to the command
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  pid_t pid = 0;
  const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
  const int spawn_rc =
      posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  int to_child = in[1];
  int from_child = out[0];
  int child_err = err[0];
  if (spawn_rc != 0) {
    CloseFd(to_child);
    CloseFd(from_child);
    CloseFd(child_err);
    return Status::FromErrno("starting the transform command", spawn_rc);
  }
  for (int fd : {to_child, from_child, child_err}) fcntl(fd, F_SETFL, O_NONBLOCK);

  // Writing to a pipe whose reader exited raises SIGPIPE: block it on this thread while we write
  // and swallow any that became pending.
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);

  std::string output, errors;
  size_t written = 0;
  if (input.empty()) CloseFd(to_child);
  Status failure;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (from_child >= 0 || child_err >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      failure = Status::Timeout("the transform command did not finish within " +
                                std::to_string(timeout.count()) + " ms");
      break;
    }
    pollfd fds[3];
    int n = 0;
    auto watch = [&](int fd, short events) {
      if (fd >= 0) fds[n++] = {fd, events, 0};
    };
    watch(to_child, POLLOUT);
    watch(from_child, POLLIN);
    watch(child_err, POLLIN);
    const int ready = poll(fds, n, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) {
      failure = Status::FromErrno("poll", errno);
      break;
    }
    for (int i = 0; i < n && ready > 0; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == to_child) {
        const ssize_t w = write(to_child, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) {
          CloseFd(to_child);  // done, or the command stopped reading (EPIPE)
        }
        continue;
      }
      char buf[65536];
      const ssize_t r = read(fds[i].fd, buf, sizeof buf);
      if (r > 0) {
        if (fds[i].fd == from_child) {
          output.append(buf, static_cast<size_t>(r));
        } else {
          errors.append(buf, static_cast<size_t>(r));
          if (errors.size() > 2 * kStderrKept) errors.erase(0, errors.size() - kStderrKept);
        }
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
        if (fds[i].fd == from_child) {
          CloseFd(from_child);
        } else {
          CloseFd(child_err);
        }
      }
    }
    if (output.size() > max_output_bytes) {
      failure = Status::ResourceExhausted("the transform command wrote more than " +
                                          std::to_string(max_output_bytes) + " bytes");
      break;
    }
  }
  CloseFd(to_child);
  CloseFd(from_child);
  CloseFd(child_err);
  // The command closed its output; give it until the deadline to exit.
  int wait_status = 0;
  bool reaped = false;
  while (failure.ok()) {
    const pid_t done = waitpid(pid, &wait_status, WNOHANG);
    if (done == pid) {
      reaped = true;
      break;
    }
    if (done < 0 && errno != EINTR) {
      failure = Status::FromErrno("waitpid", errno);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      failure = Status::Timeout("the transform command did not exit within " +
                                std::to_string(timeout.count()) + " ms");
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!failure.ok()) kill(-pid, SIGKILL);
  while (!reaped && waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  timespec zero{0, 0};
  while (sigtimedwait(&pipe_set, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  if (!failure.ok()) return failure;
  if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0) {
    const std::string how = WIFEXITED(wait_status)
                                ? "exited with status " + std::to_string(WEXITSTATUS(wait_status))
                                : "was killed by signal " + std::to_string(WTERMSIG(wait_status));
    if (errors.size() > kStderrKept) errors.erase(0, errors.size() - kStderrKept);
    return Status::Internal("the transform command " + how + (errors.empty() ? "" : ": " + errors));
  }
  return output;
}

}  // namespace millrace::firehose
