#include "cluster/apply.h"

#include <dtl/dtl.hpp>

#include <QUrl>
#include <map>
#include <sstream>

#include "cluster/json_yaml.h"
#include "cluster/pull.h"
#include "yaml/yaml_writer.h"

namespace gs::cluster {

namespace {

using nlohmann::json;

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

std::string yamlText(const json& object) { return object.is_null() ? std::string() : yaml::writeYaml(toYamlNode(object)); }

struct Target {
    ServedKind kind;
    std::string ns;
    std::string name;
    std::string path() const { return kind.path(ns) + "/" + percentEncode(name); }
};

// As kubectl diff: a Secret's values never appear; "***" where equal, "*** (before)" and
// "*** (after)" where the value changes.
void maskSecretData(json& live, json& result)
{
    if (str(result, "kind") != "Secret")
        return;
    for (const char* field : {"data", "stringData"}) {
        json* before = live.is_object() && live.contains(field) && live[field].is_object() ? &live[field] : nullptr;
        json* after = result.contains(field) && result[field].is_object() ? &result[field] : nullptr;
        std::map<std::string, std::pair<json, json>> values;
        if (before)
            for (auto& [key, value] : before->items())
                values[key].first = value;
        if (after)
            for (auto& [key, value] : after->items())
                values[key].second = value;
        for (const auto& [key, pair] : values) {
            const bool same = pair.first == pair.second;
            if (before && before->contains(key))
                (*before)[key] = same ? "***" : "*** (before)";
            if (after && after->contains(key))
                (*after)[key] = same ? "***" : "*** (after)";
        }
    }
}

std::string idOf(const json& object)
{
    const json metadata = object.value("metadata", json::object());
    const std::string ns = str(metadata, "namespace");
    return str(object, "kind") + " " + (ns.empty() ? "" : ns + "/") + str(metadata, "name");
}

class Applier {
public:
    Applier(ApiClient& client, ResourceMapper& mapper, const ApplyOptions& options)
        : client_(client), mapper_(mapper), options_(options)
    {
    }

    // False with `error` on a failure that ends everything.
    bool apply(const ApplyItem& item, ApplyOutcome& outcome, std::string& error)
    {
        json object = item.object;
        outcome.id = idOf(object);
        outcome.where = item.file + (item.line > 0 ? ":" + std::to_string(item.line) : "");
        if (isWithheldSecret(object)) {
            outcome.skipped = "pulled without its private key: never sent (it would replace the key on the cluster)";
            return true;
        }
        std::string problem;
        const auto kind = mapper_.resolve(str(object, "apiVersion"), str(object, "kind"), problem);
        if (!kind) {
            outcome.refusal = problem;
            return true;
        }
        Target target{*kind, "", str(object["metadata"], "name")};
        if (kind->namespaced) {
            target.ns = str(object["metadata"], "namespace");
            if (target.ns.empty())
                object["metadata"]["namespace"] = target.ns = client_.access().ns;  // as kubectl: the context's namespace
        }
        object["apiVersion"] = kind->apiVersion();
        outcome.id = idOf(object);

        const ApiResponse live = client_.get(target.path());
        if (fatal(live, "get " + outcome.id, error))
            return false;
        if (!live.ok() && live.httpStatus != 404) {
            outcome.refusal = explainFailure(live, client_, "get " + outcome.id);
            return true;
        }
        const ApiResponse result = patch(target, object, options_.force);
        if (fatal(result, "apply " + outcome.id, error))
            return false;
        if (!result.ok()) {
            recordRefusal(result, target, object, outcome, error);
            return error.empty();
        }
        describeChange(live.ok() ? parseBody(live.body) : json(), parseBody(result.body), outcome);
        outcome.accepted = true;
        return true;
    }

private:
    static bool isWithheldSecret(const json& object)
    {
        if (str(object, "kind") != "Secret")
            return false;
        const json annotations = object.value("metadata", json::object()).value("annotations", json::object());
        return annotations.is_object() && annotations.contains(kWithheldKeyAnnotation);
    }

    bool fatal(const ApiResponse& response, const std::string& doing, std::string& error)
    {
        if (response.httpStatus != 0 && response.httpStatus != 401)
            return false;
        error = explainFailure(response, client_, doing);
        return true;
    }

    ApiResponse patch(const Target& target, const json& object, bool force)
    {
        std::string query = "?fieldManager=" + std::string(kFieldManager);
        if (options_.dryRun)
            query += "&dryRun=All";
        if (force)
            query += "&force=true";
        return client_.send("PATCH", target.path() + query, "application/apply-patch+yaml",
                            QByteArray::fromStdString(object.dump()));
    }

    // A 409 lists the other managers' fields; the diff then shows what forcing would change (a
    // dry run, whatever the options, so nothing is taken without --force-conflicts).
    void recordRefusal(const ApiResponse& result, const Target& target, const json& object, ApplyOutcome& outcome,
                       std::string& error)
    {
        const ApiStatus status = parseStatus(result);
        outcome.refusal = explainFailure(result, client_, "apply " + outcome.id);
        if (status.code != 409)
            return;
        for (const StatusCause& cause : status.causes)
            if (cause.reason == "FieldManagerConflict")
                outcome.conflicts.push_back(cause);
        ApplyOptions forced = options_;
        forced.dryRun = true;
        Applier preview(client_, mapper_, forced);
        const ApiResponse live = client_.get(target.path());
        const ApiResponse forcedResult = preview.patch(target, object, true);
        if (forcedResult.ok())
            describeChange(live.ok() ? parseBody(live.body) : json(), parseBody(forcedResult.body), outcome);
        else if (fatal(forcedResult, "apply " + outcome.id, error))
            return;
    }

    void describeChange(const json& live, const json& result, ApplyOutcome& outcome)
    {
        json liveShown = live.is_null() ? json() : withoutServerFields(live);
        json resultShown = withoutServerFields(result);
        maskSecretData(liveShown, resultShown);
        const std::string before = yamlText(liveShown);
        const std::string after = yamlText(resultShown);
        outcome.change = live.is_null() ? Change::Created : before == after ? Change::Unchanged : Change::Changed;
        outcome.diff = unifiedDiff(before, after, "live " + outcome.id + " (" + client_.access().contextName + ")",
                                   "merged " + outcome.id + " (" + outcome.where + ")");
    }

    ApiClient& client_;
    ResourceMapper& mapper_;
    ApplyOptions options_;
};

}  // namespace

json withoutServerFields(json object)
{
    object.erase("status");
    if (object.contains("metadata") && object["metadata"].is_object()) {
        json& metadata = object["metadata"];
        for (const char* field : {"uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
                                  "deletionTimestamp", "deletionGracePeriodSeconds"})
            metadata.erase(field);
        if (metadata.contains("annotations") && metadata["annotations"].is_object()) {
            metadata["annotations"].erase("kubectl.kubernetes.io/last-applied-configuration");
            if (metadata["annotations"].empty())
                metadata.erase("annotations");
        }
    }
    return object;
}

std::string unifiedDiff(const std::string& before, const std::string& after, const std::string& beforeName,
                        const std::string& afterName)
{
    if (before == after)
        return {};
    dtl::Diff<std::string, std::vector<std::string>> diff(lines(before), lines(after));
    diff.onHuge();
    diff.compose();
    diff.composeUnifiedHunks();
    std::ostringstream out;
    out << "--- " << beforeName << "\n+++ " << afterName << "\n";
    diff.printUnifiedFormat(out);
    return out.str();
}

std::optional<std::vector<ApplyOutcome>> serverSideApply(ApiClient& client, ResourceMapper& mapper,
                                                         const std::vector<ApplyItem>& items, const ApplyOptions& options,
                                                         std::string& error)
{
    Applier applier(client, mapper, options);
    std::vector<ApplyOutcome> outcomes;
    for (const ApplyItem& item : items) {
        ApplyOutcome outcome;
        if (!applier.apply(item, outcome, error))
            return std::nullopt;
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

}  // namespace gs::cluster
