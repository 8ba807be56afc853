// RunBlocking: runs blocking work (fsync, rename, directory walks) on a thread pool and resumes
// the awaiting coroutine on its own executor, so no event-loop thread blocks.
//
// Written with async_initiate and two posts rather than `co_await co_spawn(..., use_awaitable)`:
// GCC 12 destroys temporaries inside a co_await expression twice, and Asio's co_spawn entry point
// has one (the caller's executor), which released a caller's strand twice under load.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

namespace millrace::net {

// Runs fn() on `pool`; the caller resumes on its own executor with the result, or with the
// exception fn threw. REQUIRES: fn returns a non-void, movable value; `pool` outlives the call.
template <typename Fn>
boost::asio::awaitable<std::invoke_result_t<Fn&>> RunBlocking(boost::asio::thread_pool& pool,
                                                              Fn fn) {
  using T = std::invoke_result_t<Fn&>;
  auto initiation = [&pool](auto handler, Fn work) {
    boost::asio::post(pool, [handler = std::move(handler), work = std::move(work)]() mutable {
      std::exception_ptr error;
      std::optional<T> result;
      try {
        result.emplace(work());
      } catch (...) {
        error = std::current_exception();
      }
      auto resume_on = boost::asio::get_associated_executor(handler);
      boost::asio::post(resume_on, [handler = std::move(handler), error,
                                    result = std::move(result)]() mutable {
        std::move(handler)(error, std::move(result));
      });
    });
  };
  auto operation = boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                               void(std::exception_ptr, std::optional<T>)>(
      std::move(initiation), boost::asio::use_awaitable, std::move(fn));
  std::optional<T> result = co_await std::move(operation);
  co_return std::move(*result);
}

}  // namespace millrace::net
