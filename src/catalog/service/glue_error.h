// The Glue error shape for a failed Status, shared by every Glue operation (Data Catalog and
// Schema Registry): the exception name of catalog_errors.h, HTTP 400 for the caller's mistakes
// and 500 for the server's.
#pragma once

#include "base/status.h"
#include "net/aws/aws_error.h"

namespace millrace::catalog {

// REQUIRES: !status.ok().
net::aws::AwsError ToGlueError(const Status& status);

}  // namespace millrace::catalog
