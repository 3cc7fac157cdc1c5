#pragma once
// The runtime configuration as JSON: for golden tests, the `/config` view of the admin endpoint
// and debugging. Certificate keys are never written (only the Secret's name).

#include <string>

#include "config/runtime_config.h"

namespace gs::model {

std::string configToJson(const runtime::config::RuntimeConfig& config);

}  // namespace gs::model
