// Writes a GatherFrame to a socket: the frame's own bytes and memory references with gather
// writes, file slices with sendfile(2) from the page cache straight to the socket.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include "kafka/broker/gather_frame.h"

namespace millrace::kafka {

// Sends the whole frame; completes with the first error (the frame is then partly sent and the
// connection unusable). Puts the socket in non-blocking mode. REQUIRES: no other write on
// `socket` until this completes; the frame (and what its owner keeps alive) outlives the call;
// every file slice lies within its file (a short file is reported as an error, never padded).
// sendfile runs on the calling thread: it does not wait for the socket, but it does read the
// file, which is quick only while the bytes are in the page cache.
boost::asio::awaitable<boost::system::error_code> WriteGatherFrame(
    boost::asio::ip::tcp::socket& socket, const GatherFrame& frame);

}  // namespace millrace::kafka
