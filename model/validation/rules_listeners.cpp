// CEL rules of Gateway and ListenerSet: listeners, TLS, addresses, infrastructure.

#include <string>

#include "validation/patterns.h"
#include "validation/rule_helpers.h"

namespace gs::model {

namespace {

using namespace rules;

bool protocolIn(const Node& listener, std::initializer_list<std::string_view> protocols)
{
    const std::string_view p = childText(listener, "protocol");
    for (std::string_view candidate : protocols)
        if (p == candidate)
            return true;
    return false;
}

// self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true)
void tlsNotForPlainProtocols(const RuleContext& ctx)
{
    for (std::size_t i = 0; i < ctx.self.items().size(); ++i) {
        const Node& l = ctx.self.items()[i];
        if (protocolIn(l, {"HTTP", "TCP", "UDP"}) && has(l, "tls"))
            failAtField(ctx, itemPath(ctx, i, "tls"), l.findEntry("tls")->keyMark,
                        "listener " + std::string(childText(l, "name")) + " is " + std::string(childText(l, "protocol")));
    }
}

// self.all(l, (l.protocol == 'HTTPS' && has(l.tls)) ? (l.tls.mode == '' || l.tls.mode == 'Terminate') : true)
void httpsModeTerminate(const RuleContext& ctx)
{
    for (std::size_t i = 0; i < ctx.self.items().size(); ++i) {
        const Node& l = ctx.self.items()[i];
        const Node* tls = child(l, "tls");
        if (!protocolIn(l, {"HTTPS"}) || !tls)
            continue;
        const std::string_view mode = childText(*tls, "mode");
        if (!mode.empty() && mode != "Terminate")
            failAtField(ctx, itemPath(ctx, i, "tls") + ".mode", markOf(*tls, "mode"));
    }
}

// self.all(l, (l.protocol == 'TLS' ? has(l.tls) && has(l.tls.mode) && l.tls.mode != '' : true))
void tlsModeSet(const RuleContext& ctx)
{
    for (std::size_t i = 0; i < ctx.self.items().size(); ++i) {
        const Node& l = ctx.self.items()[i];
        if (!protocolIn(l, {"TLS"}))
            continue;
        const Node* tls = child(l, "tls");
        if (!tls)
            failAtField(ctx, itemPath(ctx, i, "tls"), l.mark(), "add tls.mode: Passthrough or Terminate");
        else if (emptyOrAbsent(*tls, "mode"))
            failAtField(ctx, itemPath(ctx, i, "tls") + ".mode", markOf(*tls, "mode"));
    }
}

// self.all(l, l.protocol in ['TCP', 'UDP'] ? (!has(l.hostname) || l.hostname == '') : true)
void noHostnameForL4(const RuleContext& ctx)
{
    for (std::size_t i = 0; i < ctx.self.items().size(); ++i) {
        const Node& l = ctx.self.items()[i];
        if (protocolIn(l, {"TCP", "UDP"}) && !emptyOrAbsent(l, "hostname"))
            failAtField(ctx, itemPath(ctx, i, "hostname"), markOf(l, "hostname"));
    }
}

// Reports, for each item after the first with the same key, "also at index j".
template <typename KeyOf> void reportRepeats(const RuleContext& ctx, std::string_view field, KeyOf keyOf)
{
    const auto& items = ctx.self.items();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto key = keyOf(items[i]);
        if (!key)
            continue;
        for (std::size_t j = 0; j < i; ++j) {
            if (keyOf(items[j]) == key) {
                failAtField(ctx, itemPath(ctx, i, field), markOf(items[i], field), "the same as " + itemPath(ctx, j));
                break;
            }
        }
    }
}

// self.all(l1, self.exists_one(l2, l1.name == l2.name))
void listenerNamesUnique(const RuleContext& ctx)
{
    reportRepeats(ctx, "name", [](const Node& l) { return std::optional<std::string>(childText(l, "name")); });
}

// Gateway:     self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol && <same hostname>))
// ListenerSet: the same, skipping listeners without a port (the port is optional there).
void portProtocolHostnameUnique(const RuleContext& ctx)
{
    reportRepeats(ctx, "port", [](const Node& l) -> std::optional<std::string> {
        if (!has(l, "port"))
            return std::nullopt;
        const Node* hostname = child(l, "hostname");
        return std::string(childText(l, "port")) + "/" + std::string(childText(l, "protocol")) + "/" +
            (hostname ? "=" + hostname->text() : std::string("-"));
    });
}

// self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true
void terminateNeedsCertificates(const RuleContext& ctx)
{
    if (childText(ctx.self, "mode") != "Terminate")
        return;
    const Node* refs = child(ctx.self, "certificateRefs");
    const Node* options = child(ctx.self, "options");
    if ((refs && refs->size() > 0) || (options && options->size() > 0))
        return;
    failAtField(ctx, fieldPath(ctx, "certificateRefs"), refs ? refs->mark() : ctx.keyMark);
}

// self.all(t1, self.exists_one(t2, t1.port == t2.port))
void perPortUnique(const RuleContext& ctx)
{
    reportRepeats(ctx, "port", [](const Node& t) { return std::optional<std::string>(childText(t, "port")); });
}

// self.all(a1, a1.type == T && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && has(a2.value) && a2.value == a1.value) : true)
template <const char* Type> void addressValuesUnique(const RuleContext& ctx)
{
    reportRepeats(ctx, "value", [](const Node& a) -> std::optional<std::string> {
        if (childText(a, "type") != Type || !has(a, "value"))
            return std::nullopt;
        return std::string(childText(a, "value"));
    });
}
constexpr char kIPAddress[] = "IPAddress";
constexpr char kHostname[] = "Hostname";

constexpr std::string_view kHostnamePattern = R"(^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)";

// self.type == 'Hostname' ? (!has(self.value) || self.value.matches(<hostname>)) : true
void hostnameAddressValid(const RuleContext& ctx)
{
    if (childText(ctx.self, "type") != "Hostname" || !has(ctx.self, "value"))
        return;
    if (!matchesPattern(kHostnamePattern, childText(ctx.self, "value")))
        failAtField(ctx, fieldPath(ctx, "value"), markOf(ctx.self, "value"));
}

constexpr std::string_view kKeyPattern =
    R"(^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$)";

// self.all(key, key.matches(<qualified name>))
void keysQualified(const RuleContext& ctx)
{
    for (const yaml::MapEntry& e : ctx.self.entries())
        if (!matchesPattern(kKeyPattern, e.key))
            ctx.failAt(ctx.path.toString() + "[" + e.key + "]", e.keyMark);
}

// self.all(key, key.split("/")[0].size() < 253)
void keyPrefixShort(const RuleContext& ctx)
{
    for (const yaml::MapEntry& e : ctx.self.entries())
        if (e.key.substr(0, e.key.find('/')).size() >= 253)
            ctx.failAt(ctx.path.toString() + "[" + e.key + "]", e.keyMark);
}

// self == oldSelf: a transition rule. Files hold one version of each object, so there is
// nothing to compare with; the editor keeps controllerName read-only once a class is saved.
void immutable(const RuleContext&) { }

const RuleEntry kRules[] = {
    {"tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']", tlsNotForPlainProtocols},
    {"tls mode must be Terminate for protocol HTTPS", httpsModeTerminate},
    {"tls mode must be set for protocol TLS", tlsModeSet},
    {"hostname must not be specified for protocols ['TCP', 'UDP']", noHostnameForL4},
    {"Listener name must be unique within the Gateway", listenerNamesUnique},
    {"Combination of port, protocol and hostname must be unique for each listener", portProtocolHostnameUnique},
    {"certificateRefs or options must be specified when mode is Terminate", terminateNeedsCertificates},
    {"Port for TLS configuration must be unique within the Gateway", perPortUnique},
    {"IPAddress values must be unique", addressValuesUnique<kIPAddress>},
    {"Hostname values must be unique", addressValuesUnique<kHostname>},
    {"Hostname value must be empty or contain only valid characters (matching "
     "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)",
     hostnameAddressValid},
    {"Annotation keys must be in the form of an optional DNS subdomain prefix followed by a required name segment "
     "of up to 63 characters.",
     keysQualified},
    {"If specified, the annotation key's prefix must be a DNS subdomain not longer than 253 characters in total.",
     keyPrefixShort},
    {"Label keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up "
     "to 63 characters.",
     keysQualified},
    {"If specified, the label key's prefix must be a DNS subdomain not longer than 253 characters in total.", keyPrefixShort},
    {"Value is immutable", immutable},
};

}  // namespace

std::span<const RuleEntry> listenerRules() { return kRules; }

}  // namespace gs::model
