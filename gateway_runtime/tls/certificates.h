#pragma once
// Generating and reading X.509 certificates with OpenSSL: a local certificate authority and
// certificates it signs for a listener's hostnames (the dev certificates `serve --dev-certs`
// makes), and the facts a person checks about a certificate (subject, SANs, issuer, validity).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace gs::runtime::tls {

struct PemPair {
    std::string certificate;  // PEM, leaf first
    std::string privateKey;  // PEM (PKCS#8)
};

enum class KeyType { EcdsaP256, Rsa2048 };

struct CertificateRequest {
    std::string commonName;
    std::vector<std::string> dnsNames;  // subjectAltName DNS entries
    bool authority = false;  // a CA (basicConstraints CA:TRUE, keyCertSign)
    KeyType keyType = KeyType::EcdsaP256;
    std::chrono::hours validity{24 * 825};
    std::chrono::hours notBeforeOffset{0};  // start this far in the past (negative: in the future)
};

// Issues a certificate signed by `issuer` (self-signed when null). nullopt and `error` on failure.
std::optional<PemPair> issueCertificate(const CertificateRequest& request, const PemPair* issuer, std::string& error);

struct CertificateInfo {
    std::string subject;  // "CN=app.example.com"
    std::string issuer;
    std::vector<std::string> dnsNames;
    std::chrono::system_clock::time_point notBefore, notAfter;
    bool selfSigned = false;
};

// The leaf certificate of a PEM chain; nullopt and `error` when it cannot be read.
std::optional<CertificateInfo> inspectCertificate(const std::string& pem, std::string& error);

// Whether a certificate's DNS names cover `hostname` (one wildcard label, as TLS clients match).
bool coversHostname(const std::vector<std::string>& dnsNames, const std::string& hostname);

}  // namespace gs::runtime::tls
