#include "cluster/api_errors.h"

#include <nlohmann/json.hpp>

namespace gs::cluster {

ApiStatus parseStatus(const ApiResponse& response)
{
    ApiStatus status;
    status.code = response.httpStatus;
    const auto doc =
        nlohmann::json::parse(response.body.constData(), response.body.constData() + response.body.size(), nullptr, false);
    if (doc.is_object() && doc.value("kind", "") == "Status") {
        status.code = doc.value("code", response.httpStatus);
        status.reason = doc.value("reason", "");
        status.message = doc.value("message", "");
        if (doc.contains("details") && doc["details"].is_object() && doc["details"].contains("causes") &&
            doc["details"]["causes"].is_array())
            for (const auto& cause : doc["details"]["causes"])
                if (cause.is_object())
                    status.causes.push_back({cause.value("reason", ""), cause.value("message", ""), cause.value("field", "")});
        return status;
    }
    status.message = response.body.left(200).trimmed().toStdString();
    return status;
}

std::string explainFailure(const ApiResponse& response, const ApiClient& client, const std::string& doing)
{
    if (response.httpStatus == 0)
        return "cannot " + doing + ": the API server " + client.target() + " did not answer: " + response.networkError;
    const ApiStatus status = parseStatus(response);
    const std::string what = "cannot " + doing + " on " + client.access().cluster.server + ": ";
    const std::string user = client.access().userName;
    switch (status.code) {
    case 401:
        return what + "the API server refused the credentials of user \"" + user +
            "\" (401 Unauthorized): they are missing, expired or revoked. Log in again (for example with your "
            "cloud's CLI) and retry.";
    case 403: return what + "RBAC does not allow it (403 Forbidden): " + status.message;
    case 404:
        return what + "not found (404): " + (status.message.empty() ? "the server does not serve this path" : status.message);
    default: break;
    }
    std::string text =
        what + status.message + " (" + std::to_string(status.code) + (status.reason.empty() ? "" : " " + status.reason) + ")";
    for (const StatusCause& cause : status.causes)
        if (!cause.message.empty() && text.find(cause.message) == std::string::npos)
            text += "\n  " + (cause.field.empty() ? "" : cause.field + ": ") + cause.message;
    return text;
}

}  // namespace gs::cluster
