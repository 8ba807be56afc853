// How catalog failures are named on the Glue wire. The core reports Status codes; this maps
// them one-to-one onto Glue's exception names, for whole requests and for the per-entry errors
// of the batch operations.
#pragma once

#include <string_view>

#include "base/status.h"

namespace millrace::catalog {

// NotFound -> EntityNotFoundException, AlreadyExists -> AlreadyExistsException,
// InvalidArgument / OutOfRange -> InvalidInputException, ResourceExhausted ->
// ResourceNumberLimitExceededException, anything else -> InternalServiceException.
std::string_view GlueErrorName(StatusCode code);

}  // namespace millrace::catalog
