#pragma once
// Local dev certificates for `serve --dev-certs`: the Secrets that HTTPS and TLS-Terminate
// listeners (and backends that serve TLS themselves) refer to but the loaded files lack are made
// up for the local gateway, with a
// certificate for the listeners' hostnames signed by a local dev CA the user can trust. They are
// kept in a folder beside the files (keys mode 0600), served as if the Secrets existed, and never
// exported: they live outside the YAML.

#include <optional>
#include <string>
#include <vector>

#include "loader.h"
#include "objects/object.h"
#include "problem.h"

namespace gs::app {

struct DevCertificates {
    std::string secretsYaml;  // kubernetes.io/tls Secret documents ("" when none is missing)
    std::vector<std::string> notes;  // one line per certificate, for the user
    std::string caPath;  // the CA certificate to trust
    // Secrets of the files that were pulled from a cluster without their private key
    // (gateway-studio.dev/private-key): secretsYaml stands in for them (LoadOptions::replaced).
    std::vector<model::ObjectId> replaced;
    static constexpr const char* kSource = "(dev certificates)";
    // Load options that take the dev Secrets in place of the withheld ones.
    model::LoadOptions loadOptions() const;
};

// `folder` holds the CA and the certificates (created when missing). On failure, `error` says why.
DevCertificates makeDevCertificates(const model::ObjectSet& objects, const std::string& folder, std::string& error);

// A certificate and key (PEM) as the gateway would load them: what is wrong, or nullopt. For
// TranslateOptions::checkCertificate, so that a Secret OpenSSL cannot use is InvalidCertificateRef.
model::Problem checkCertificateWithOpenSsl(const std::string& certificate, const std::string& key);
// The same, except for a Secret pulled from a cluster (its tls.key emptied, cluster/pull.h): its
// certificate alone is checked, since on the cluster, whose status is predicted, the key is there.
model::Problem checkCertificateOrPulled(const std::string& certificate, const std::string& key);
// The same for a CA bundle (TranslateOptions::checkCaCertificate): OpenSSL reads every certificate.
model::Problem checkCaCertificateWithOpenSsl(const std::string& pem);

// The folder beside the first file: "<dir>/.gateway-studio/dev-certs".
std::string devCertificateFolder(const std::vector<std::string>& files);

}  // namespace gs::app
