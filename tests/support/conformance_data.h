#pragma once
// The Gateway API conformance data in ../shared/gateway-api/conformance, prepared as the
// conformance suite prepares it before applying a manifest: placeholders substituted, the
// GatewayClass of the implementation under test added, and the objects the suite creates in code
// (certificate Secrets, CA ConfigMaps) added. Read from ../shared, never copied.

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "loader.h"
#include "tls/certificates.h"

namespace gs::test {

inline constexpr const char* kConformanceClass = "gateway-conformance";
inline constexpr const char* kConformanceController = "gateway-studio.dev/conformance";
inline constexpr const char* kUsableAddress = "127.0.0.50";
inline constexpr const char* kUnusableAddress = "192.0.2.1";

// A certificate the suite generates at start, by the name of its Secret or CA ConfigMap.
const runtime::tls::PemPair& conformancePki(const std::string& name);

// The features whose tests apply to Gateway Studio: model::supportedFeatures(), what its
// GatewayClass status claims. Tests that need another feature are skipped, visibly.
const QStringList& claimedFeatures();

class ConformanceData {
public:
    explicit ConformanceData(const QString& sharedGatewayApiDir);
    bool ok() const { return !expectations_.is_null(); }

    const nlohmann::json& tests() const { return expectations_["tests"]; }
    const nlohmann::json* test(const std::string& name) const;

    // base-manifests.yaml, the test's manifest and the generated objects, prepared.
    std::vector<model::Source> sourcesFor(const nlohmann::json& test) const;

    // The features of `test` that Gateway Studio does not claim.
    QStringList unclaimedFeatures(const nlohmann::json& test) const;

private:
    std::string prepared(const std::string& name, const std::string& text) const;
    QString dir_;
    nlohmann::json expectations_;
};

}  // namespace gs::test
