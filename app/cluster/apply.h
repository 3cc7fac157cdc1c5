#pragma once
// Server-side apply (field manager "gateway-studio") of local objects, its dry run, and the diff
// it implies. The diff is what `kubectl diff --server-side` shows: the live object against the API
// server's own dry-run result, both without what the server writes (status, managedFields,
// resourceVersion, uid, generation, creationTimestamp, kubectl's last-applied annotation). Since
// the dry-run result has the server's defaults, CEL and webhook mutations, defaults never show as
// differences.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cluster/api_client.h"
#include "cluster/api_errors.h"
#include "cluster/discovery.h"

namespace gs::cluster {

inline constexpr const char* kFieldManager = "gateway-studio";

struct ApplyItem {
    std::string file;  // where the object comes from, for messages
    int line = 0;
    nlohmann::json object;  // the exported object (no status, no server fields)
};

enum class Change { Unchanged, Changed, Created };

struct ApplyOutcome {
    std::string id;  // "HTTPRoute default/canary"
    std::string where;  // "file.yaml:12"
    bool accepted = false;  // the server took it (or would, under dry run)
    Change change = Change::Unchanged;
    std::string diff;  // unified diff live → result; empty when unchanged
    std::vector<StatusCause> conflicts;  // fields another manager owns (409), with its name
    std::string refusal;  // the server's reason, when not accepted
    std::string skipped;  // why it was not sent at all (a Secret pulled without its key)
};

struct ApplyOptions {
    bool dryRun = true;
    bool force = false;  // take fields other managers own (--force-conflicts)
};

// Applies each item in order; an item the server refuses does not stop the others. nullopt with
// `error` only for a failure that ends everything (no answer, credentials refused).
std::optional<std::vector<ApplyOutcome>> serverSideApply(ApiClient& client, ResourceMapper& mapper,
                                                         const std::vector<ApplyItem>& items, const ApplyOptions& options,
                                                         std::string& error);

// The object without what the API server writes, as compared by diff.
nlohmann::json withoutServerFields(nlohmann::json object);

// A unified diff of two texts (dtl); empty when they are equal.
std::string unifiedDiff(const std::string& before, const std::string& after, const std::string& beforeName,
                        const std::string& afterName);

}  // namespace gs::cluster
