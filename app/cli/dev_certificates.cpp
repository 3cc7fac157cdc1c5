#include "cli/dev_certificates.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tls/certificates.h"
#include "tls/tls_context.h"
#include "yaml/access.h"

namespace gs::app {

namespace {

namespace fs = std::filesystem;
namespace tls = runtime::tls;
using yaml::child;
using yaml::childItems;
using yaml::childText;

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Written with mode 0600 from the start: a private key is never readable by others, not even briefly.
bool writePrivate(const fs::path& path, const std::string& text)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
    ::fchmod(fd, 0600);
    return ::close(fd) == 0 && ok;
}

// The hostnames of the TLSRoutes of a namespace: what a TLS backend there is reached as.
std::set<std::string> tlsRouteHostnames(const model::ObjectSet& objects, const std::string& ns)
{
    std::set<std::string> out;
    for (const model::Object& o : objects.objects())
        if (o.id.kind == "TLSRoute" && o.id.ns == ns)
            for (const yaml::Node& h : childItems(o.spec(), "hostnames"))
                if (h.isScalar() && !h.text().empty() && h.text().front() != '*')
                    out.insert(h.text());
    return out;
}

// A Secret the files hold with a usable key: not one pulled from a cluster, whose key never
// leaves it (cluster/pull.h: the annotation gateway-studio.dev/private-key).
bool holdsKey(const model::ObjectSet& objects, const std::string& ns, const std::string& name)
{
    const model::Object* secret = objects.find({"", "Secret", ns, name});
    if (!secret)
        return false;
    const yaml::Node* metadata = child(secret->doc, "metadata");
    const yaml::Node* annotations = metadata ? child(*metadata, "annotations") : nullptr;
    return !annotations || !child(*annotations, "gateway-studio.dev/private-key");
}

// Backends that serve TLS themselves (the echo image with TLS_SERVER_CERT, as the conformance
// suite's TLS backends) from a Secret the files do not hold: the Secret, with the hostnames of the
// namespace's TLSRoutes (a passthrough client checks the backend's certificate against them).
void addMissingBackendSecrets(const model::ObjectSet& objects, std::map<std::string, std::set<std::string>>& missing)
{
    for (const model::Object& o : objects.objects()) {
        if (o.id.kind != "Deployment" || o.id.group != "apps")
            continue;
        const yaml::Node* tmpl = child(o.spec(), "template");
        const yaml::Node* pod = tmpl ? child(*tmpl, "spec") : nullptr;
        if (!pod)
            continue;
        bool servesTls = false;
        for (const yaml::Node& c : childItems(*pod, "containers"))
            for (const yaml::Node& e : childItems(c, "env"))
                servesTls = servesTls || childText(e, "name") == "TLS_SERVER_CERT";
        if (!servesTls)
            continue;
        for (const yaml::Node& v : childItems(*pod, "volumes")) {
            const yaml::Node* secret = child(v, "secret");
            const std::string name = secret ? std::string(childText(*secret, "secretName")) : std::string();
            if (name.empty() || holdsKey(objects, o.id.ns, name))
                continue;
            std::set<std::string> hosts = tlsRouteHostnames(objects, o.id.ns);
            if (hosts.empty())
                hosts.insert("localhost");
            missing[o.id.ns + "/" + name].insert(hosts.begin(), hosts.end());
        }
    }
}

// The hostnames a listener without one answers for: those of the routes whose parentRefs name
// its Gateway (and, with a sectionName, the listener), so that `curl --resolve host:port:addr`
// with one of them verifies. The routes' attachment is not judged here: a route the status
// refuses costs one name more on a dev certificate.
std::set<std::string> attachedRouteHostnames(const model::ObjectSet& objects, const model::Object& gateway,
                                             std::string_view listener)
{
    std::set<std::string> out;
    for (const model::Object& o : objects.objects()) {
        if (o.id.group != "gateway.networking.k8s.io" || !o.id.kind.ends_with("Route"))
            continue;
        bool attached = false;
        for (const yaml::Node& p : childItems(o.spec(), "parentRefs"))
            attached = attached ||
                (childText(p, "kind", "Gateway") == gateway.id.kind && childText(p, "name") == gateway.id.name &&
                 childText(p, "namespace", o.id.ns) == gateway.id.ns &&
                 (!child(p, "sectionName") || childText(p, "sectionName") == listener));
        if (!attached)
            continue;
        for (const yaml::Node& h : childItems(o.spec(), "hostnames"))
            if (h.isScalar() && !h.text().empty())
                out.insert(h.text());
    }
    return out;
}

// Secrets ("ns/name") that terminating listeners and TLS backends refer to and the files do not
// hold, with the hostnames the certificates must cover.
std::map<std::string, std::set<std::string>> missingSecrets(const model::ObjectSet& objects)
{
    std::map<std::string, std::set<std::string>> missing;
    addMissingBackendSecrets(objects, missing);
    for (const model::Object& o : objects.objects()) {
        if (o.id.group != "gateway.networking.k8s.io" || (o.id.kind != "Gateway" && o.id.kind != "ListenerSet"))
            continue;
        for (const yaml::Node& l : childItems(o.spec(), "listeners")) {
            const std::string_view protocol = childText(l, "protocol");
            const yaml::Node* tls = child(l, "tls");
            if (!tls || (protocol != "HTTPS" && protocol != "TLS") || childText(*tls, "mode", "Terminate") != "Terminate")
                continue;
            for (const yaml::Node& ref : childItems(*tls, "certificateRefs")) {
                if (!childText(ref, "group").empty() || childText(ref, "kind", "Secret") != "Secret")
                    continue;
                const std::string ns(childText(ref, "namespace", o.id.ns));
                const std::string name(childText(ref, "name"));
                if (holdsKey(objects, ns, name))
                    continue;
                std::set<std::string>& names = missing[ns + "/" + name];
                if (const yaml::Node* h = child(l, "hostname")) {
                    names.insert(h->text());
                } else {
                    names.insert("localhost");
                    const std::set<std::string> routes = attachedRouteHostnames(objects, o, childText(l, "name"));
                    names.insert(routes.begin(), routes.end());
                }
            }
        }
    }
    return missing;
}

// The dev CA of the folder, made on first use.
std::optional<tls::PemPair> devAuthority(const fs::path& folder, std::string& error)
{
    const fs::path crt = folder / "dev-ca.crt", key = folder / "dev-ca.key";
    if (fs::exists(crt) && fs::exists(key))
        return tls::PemPair{readFile(crt), readFile(key)};
    tls::CertificateRequest request;
    request.commonName = "Gateway Studio local dev CA";
    request.authority = true;
    request.validity = std::chrono::hours(24 * 3650);
    auto ca = tls::issueCertificate(request, nullptr, error);
    if (ca && !(writePrivate(key, ca->privateKey) && writePrivate(crt, ca->certificate))) {
        error = "cannot write the dev CA in " + folder.string();
        return std::nullopt;
    }
    return ca;
}

std::string indented(const std::string& pem)
{
    std::string out = "|\n";
    std::istringstream lines(pem);
    for (std::string line; std::getline(lines, line);)
        out += "    " + line + "\n";
    return out;
}

}  // namespace

model::Problem checkCertificateWithOpenSsl(const std::string& certificate, const std::string& key)
{
    std::string error;
    if (tls::ServerContext::create({{"", certificate, key}}, {}, error))
        return std::nullopt;
    return error.rfind(": ", 0) == 0 ? error.substr(2) : error;
}

model::Problem checkCaCertificateWithOpenSsl(const std::string& pem)
{
    std::string error;
    if (tls::ClientContext::create({pem}, false, error))
        return std::nullopt;
    return error.empty() ? std::string("OpenSSL cannot read it") : error;
}

std::string devCertificateFolder(const std::vector<std::string>& files)
{
    const std::string first = files.empty() || files.front() == "-" ? std::string(".") : files.front();
    return (fs::absolute(first).parent_path() / ".gateway-studio" / "dev-certs").string();
}

model::Problem checkCertificateOrPulled(const std::string& certificate, const std::string& key)
{
    return key.empty() ? checkCaCertificateWithOpenSsl(certificate) : checkCertificateWithOpenSsl(certificate, key);
}

model::LoadOptions DevCertificates::loadOptions() const
{
    model::LoadOptions options;
    options.replaced = replaced;
    options.replacingSource = kSource;
    return options;
}

DevCertificates makeDevCertificates(const model::ObjectSet& objects, const std::string& folderText, std::string& error)
{
    DevCertificates out;
    const auto missing = missingSecrets(objects);
    if (missing.empty())
        return out;
    const fs::path folder(folderText);
    std::error_code ec;
    fs::create_directories(folder, ec);
    fs::permissions(folder, fs::perms::owner_all, ec);
    const auto ca = devAuthority(folder, error);
    if (!ca)
        return out;
    out.caPath = (folder / "dev-ca.crt").string();
    for (const auto& [secret, hostnames] : missing) {
        tls::CertificateRequest request;
        request.commonName = *hostnames.begin();
        request.dnsNames.assign(hostnames.begin(), hostnames.end());
        auto pem = tls::issueCertificate(request, &*ca, error);
        if (!pem)
            return out;
        const std::string file = secret.substr(0, secret.find('/')) + "_" + secret.substr(secret.find('/') + 1);
        writePrivate(folder / (file + ".key"), pem->privateKey);
        writePrivate(folder / (file + ".crt"), pem->certificate);
        out.secretsYaml += "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: " + secret.substr(secret.find('/') + 1) +
            "\n  namespace: " + secret.substr(0, secret.find('/')) + "\ntype: kubernetes.io/tls\nstringData:\n" +
            "  tls.crt: " + indented(pem->certificate) + "  tls.key: " + indented(pem->privateKey);
        std::string names;
        for (const std::string& h : hostnames)
            names += (names.empty() ? "" : ", ") + h;
        const std::string ns = secret.substr(0, secret.find('/')), name = secret.substr(secret.find('/') + 1);
        const bool withheld = objects.find({"", "Secret", ns, name}) != nullptr;
        if (withheld)
            out.replaced.push_back({"", "Secret", ns, name});
        out.notes.push_back("dev certificate for Secret " + secret + " (" + names + ")" +
                            (withheld ? ", in place of the cluster's, whose key was not pulled" : ""));
    }
    return out;
}

}  // namespace gs::app
