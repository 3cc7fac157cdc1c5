#pragma once
// Certificates for data-plane tests, and the YAML that carries them: a CA or a certificate it
// signs, made in-process, and the kubernetes.io/tls Secret and CA ConfigMap documents holding them.

#include <string>
#include <vector>

#include "tls/certificates.h"

namespace gs::test {

// A YAML literal block ("|" and the lines) holding `text`, for a key indented by `indent` spaces.
inline std::string literalBlock(const std::string& text, int indent = 2)
{
    std::string out = "|\n";
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = text.find('\n', start);
        out += std::string(std::size_t(indent + 2), ' ') + text.substr(start, end - start) + "\n";
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

// A CA (no `ca`), or a certificate for `names` signed by `ca`.
inline runtime::tls::PemPair issueCertificate(const std::string& commonName, const std::vector<std::string>& names,
                                              const runtime::tls::PemPair* ca)
{
    std::string error;
    runtime::tls::CertificateRequest r;
    r.commonName = commonName;
    r.dnsNames = names;
    r.authority = ca == nullptr;
    return *runtime::tls::issueCertificate(r, ca, error);
}

inline std::string tlsSecretYaml(const std::string& ns, const std::string& name, const runtime::tls::PemPair& pem)
{
    return "apiVersion: v1\nkind: Secret\nmetadata: {name: " + name + ", namespace: " + ns +
        "}\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: " + literalBlock(pem.certificate) +
        "  tls.key: " + literalBlock(pem.privateKey);
}

inline std::string caConfigMapYaml(const std::string& ns, const std::string& name, const std::string& caPem)
{
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + ", namespace: " + ns +
        "}\ndata:\n  ca.crt: " + literalBlock(caPem);
}

}  // namespace gs::test
