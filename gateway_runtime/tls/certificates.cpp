#include "tls/certificates.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <memory>

#include "tls/tls_context.h"

namespace gs::runtime::tls {

namespace {

template <typename T, void (*Free)(T*)> struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

KeyPtr generateKey(KeyType type) { return KeyPtr(type == KeyType::Rsa2048 ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256")); }

std::string toPem(int (*write)(BIO*, void*), void* object)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    write(bio.get(), object);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, std::size_t(size));
}

std::string certificatePem(X509* c)
{
    return toPem([](BIO* b, void* x) { return PEM_write_bio_X509(b, static_cast<X509*>(x)); }, c);
}

std::string keyPem(EVP_PKEY* k)
{
    return toPem(
        [](BIO* b, void* x) {
            return PEM_write_bio_PrivateKey(b, static_cast<EVP_PKEY*>(x), nullptr, nullptr, 0, nullptr, nullptr);
        },
        k);
}

bool addExtension(X509* cert, X509* issuer, int nid, const std::string& value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext)
        return false;
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return true;
}

std::string nameText(const X509_NAME* name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, std::size_t(size));
}

std::chrono::system_clock::time_point timeOf(const ASN1_TIME* t)
{
    std::tm tm{};
    ASN1_TIME_to_tm(t, &tm);
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

bool fill(X509* cert, const CertificateRequest& r, EVP_PKEY* key, X509* issuerCert)
{
    X509_set_version(cert, 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;  // a positive serial number
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert), -long(std::chrono::seconds(r.notBeforeOffset).count()));
    X509_gmtime_adj(X509_getm_notAfter(cert), long(std::chrono::seconds(r.validity - r.notBeforeOffset).count()));
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(r.commonName.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(cert, issuerCert ? X509_get_subject_name(issuerCert) : name);
    X509_set_pubkey(cert, key);
    X509* issuer = issuerCert ? issuerCert : cert;
    bool ok = addExtension(cert, issuer, NID_basic_constraints, r.authority ? "critical,CA:TRUE" : "critical,CA:FALSE") &&
        addExtension(cert, issuer, NID_key_usage,
                     r.authority ? "critical,keyCertSign,cRLSign,digitalSignature"
                                 : "critical,digitalSignature,keyEncipherment") &&
        addExtension(cert, issuer, NID_subject_key_identifier, "hash") &&
        addExtension(cert, issuer, NID_authority_key_identifier, "keyid:always");
    if (!r.authority)
        ok = ok && addExtension(cert, issuer, NID_ext_key_usage, "serverAuth,clientAuth");
    if (!r.dnsNames.empty()) {
        std::string sans;
        for (const std::string& d : r.dnsNames)
            sans += (sans.empty() ? "DNS:" : ",DNS:") + d;
        ok = ok && addExtension(cert, issuer, NID_subject_alt_name, sans);
    }
    return ok;
}

}  // namespace

std::optional<PemPair> issueCertificate(const CertificateRequest& request, const PemPair* issuer, std::string& error)
{
    KeyPtr key = generateKey(request.keyType);
    CertPtr cert(X509_new());
    CertPtr issuerCert;
    KeyPtr issuerKey;
    if (issuer) {
        BioPtr certBio(BIO_new_mem_buf(issuer->certificate.data(), int(issuer->certificate.size())));
        BioPtr keyBio(BIO_new_mem_buf(issuer->privateKey.data(), int(issuer->privateKey.size())));
        issuerCert.reset(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
        issuerKey.reset(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
        if (!issuerCert || !issuerKey) {
            error = "the issuing certificate or key cannot be read: " + lastError();
            return std::nullopt;
        }
    }
    if (!key || !cert || !fill(cert.get(), request, key.get(), issuerCert.get()) ||
        X509_sign(cert.get(), issuer ? issuerKey.get() : key.get(), EVP_sha256()) == 0) {
        error = "cannot issue a certificate: " + lastError();
        return std::nullopt;
    }
    return PemPair{certificatePem(cert.get()), keyPem(key.get())};
}

std::optional<CertificateInfo> inspectCertificate(const std::string& pem, std::string& error)
{
    BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) {
        error = "not a PEM certificate: " + lastError();
        return std::nullopt;
    }
    CertificateInfo info;
    info.subject = nameText(X509_get_subject_name(cert.get()));
    info.issuer = nameText(X509_get_issuer_name(cert.get()));
    info.selfSigned = X509_NAME_cmp(X509_get_subject_name(cert.get()), X509_get_issuer_name(cert.get())) == 0;
    info.notBefore = timeOf(X509_get0_notBefore(cert.get()));
    info.notAfter = timeOf(X509_get0_notAfter(cert.get()));
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr));
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
        if (n->type == GEN_DNS)
            info.dnsNames.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(n->d.dNSName)),
                                       std::size_t(ASN1_STRING_length(n->d.dNSName)));
    }
    GENERAL_NAMES_free(names);
    return info;
}

bool coversHostname(const std::vector<std::string>& dnsNames, const std::string& hostname)
{
    for (const std::string& d : dnsNames) {
        if (d == hostname)
            return true;
        if (d.size() > 2 && d.compare(0, 2, "*.") == 0) {
            const std::size_t dot = hostname.find('.');
            if (dot != std::string::npos && dot > 0 && hostname.substr(dot) == d.substr(1))
                return true;
        }
    }
    return false;
}

}  // namespace gs::runtime::tls
