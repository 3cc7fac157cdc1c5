#pragma once
// The data-plane tests use the gateway's own blocking clients (gateway_runtime/client/).
#include "client/h2_client.h"

namespace gs::test {
using namespace gs::runtime::client;
}
